#!/usr/bin/env bash
# azd postdeploy hook: subscribes the deployed function app to SMS and blob events.
# events.bicep reads the function keys itself (listKeys), so no key passes through this shell.
# azd exports main.bicep's outputs as environment variables; run by hand, export them first
# (eval "$(azd env get-values)").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${here}/../events.bicep"

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_STORAGE_ACCOUNT_NAME \
  AZURE_STORAGE_SYSTEM_TOPIC_NAME AZURE_ACS_SYSTEM_TOPIC_NAME AZURE_EVENTGRID_DEADLETTER_CONTAINER; do
  if [[ -z "${!name:-}" ]]; then
    echo "postdeploy: ${name} is not set; run 'azd provision' first." >&2
    exit 1
  fi
done

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required to deploy events.bicep." >&2
  exit 1
fi

if [[ -n "${AZURE_SUBSCRIPTION_ID:-}" ]]; then
  az account set --subscription "${AZURE_SUBSCRIPTION_ID}"
fi

# The host writes its system keys (blobs_extension) when it first starts after code deploy, and
# Event Grid validates each webhook when the subscription is created: retry while the app warms up.
attempts="${DUNNING_EVENTS_ATTEMPTS:-6}"
for ((attempt = 1; attempt <= attempts; attempt++)); do
  # Wake the host so it loads the blob extension and creates its keys.
  curl --silent --output /dev/null --max-time 30 "https://${AZURE_FUNCTION_APP_HOSTNAME:-${AZURE_FUNCTION_APP_NAME}.azurewebsites.net}/" || true

  if az deployment group create \
    --name "dunning-events-${AZURE_ENV_NAME:-env}" \
    --resource-group "${AZURE_RESOURCE_GROUP}" \
    --template-file "${template}" \
    --parameters \
      functionAppName="${AZURE_FUNCTION_APP_NAME}" \
      storageAccountName="${AZURE_STORAGE_ACCOUNT_NAME}" \
      storageTopicName="${AZURE_STORAGE_SYSTEM_TOPIC_NAME}" \
      communicationTopicName="${AZURE_ACS_SYSTEM_TOPIC_NAME}" \
      deadLetterContainerName="${AZURE_EVENTGRID_DEADLETTER_CONTAINER}" \
    --output none; then
    echo "postdeploy: Event Grid subscriptions are in place."
    exit 0
  fi

  if ((attempt < attempts)); then
    echo "postdeploy: attempt ${attempt}/${attempts} failed; the host may still be starting. Retrying in 30 s." >&2
    sleep 30
  fi
done

echo "postdeploy: could not create the Event Grid subscriptions; see docs/DEPLOY.md, 'Troubleshooting'." >&2
exit 1
