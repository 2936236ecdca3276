#!/usr/bin/env pwsh
# azd postdeploy hook (Windows): subscribes the deployed function app to SMS and blob events.
# events.bicep reads the function keys itself (listKeys), so no key passes through this shell.
# azd exports main.bicep's outputs as environment variables.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$template = Join-Path $PSScriptRoot '..' 'events.bicep'

$required = @(
  'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_STORAGE_ACCOUNT_NAME',
  'AZURE_STORAGE_SYSTEM_TOPIC_NAME', 'AZURE_ACS_SYSTEM_TOPIC_NAME', 'AZURE_EVENTGRID_DEADLETTER_CONTAINER'
)
foreach ($name in $required) {
  if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) {
    Write-Error "postdeploy: $name is not set; run 'azd provision' first."
  }
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Error 'postdeploy: the Azure CLI (az) is required to deploy events.bicep.'
}

if ($env:AZURE_SUBSCRIPTION_ID) {
  az account set --subscription $env:AZURE_SUBSCRIPTION_ID
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

$hostName = if ($env:AZURE_FUNCTION_APP_HOSTNAME) { $env:AZURE_FUNCTION_APP_HOSTNAME } else { "$($env:AZURE_FUNCTION_APP_NAME).azurewebsites.net" }
$envName = if ($env:AZURE_ENV_NAME) { $env:AZURE_ENV_NAME } else { 'env' }
$attempts = if ($env:DUNNING_EVENTS_ATTEMPTS) { [int]$env:DUNNING_EVENTS_ATTEMPTS } else { 6 }

for ($attempt = 1; $attempt -le $attempts; $attempt++) {
  # Wake the host so it loads the blob extension and creates its keys.
  try { Invoke-WebRequest -Uri "https://$hostName/" -TimeoutSec 30 -UseBasicParsing | Out-Null } catch { }

  az deployment group create `
    --name "dunning-events-$envName" `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --template-file $template `
    --parameters `
      "functionAppName=$($env:AZURE_FUNCTION_APP_NAME)" `
      "storageAccountName=$($env:AZURE_STORAGE_ACCOUNT_NAME)" `
      "storageTopicName=$($env:AZURE_STORAGE_SYSTEM_TOPIC_NAME)" `
      "communicationTopicName=$($env:AZURE_ACS_SYSTEM_TOPIC_NAME)" `
      "deadLetterContainerName=$($env:AZURE_EVENTGRID_DEADLETTER_CONTAINER)" `
    --output none
  if ($LASTEXITCODE -eq 0) {
    Write-Host 'postdeploy: Event Grid subscriptions are in place.'
    exit 0
  }
  if ($attempt -lt $attempts) {
    Write-Warning "postdeploy: attempt $attempt/$attempts failed; the host may still be starting. Retrying in 30 s."
    Start-Sleep -Seconds 30
  }
}

Write-Error "postdeploy: could not create the Event Grid subscriptions; see docs/DEPLOY.md, 'Troubleshooting'."
