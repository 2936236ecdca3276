#!/usr/bin/env bash
# Offline check of the Bicep templates: `bicep build` and `bicep lint` of every entry template must
# finish with no warning and no error. The Bicep CLI comes from NuGet (Azure.Bicep.CommandLine.*),
# downloaded by restoring tests/Dunning.Infra.Tests.
#   usage: bash infra-bicep/check.sh [repo-root]
#   BICEP_PATH=/path/to/bicep overrides the lookup.
set -euo pipefail

root="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
infra="${root}/infra-bicep"
project="${root}/tests/Dunning.Infra.Tests/Dunning.Infra.Tests.csproj"
entries=(main.bicep events.bicep)

if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 && -z "${BICEP_PATH:-}" ]]; then
  echo "check: the NuGet Bicep CLI downloaded here is linux-x64; set BICEP_PATH on $(uname -s)-$(uname -m)" >&2
  exit 2
fi

# The version is pinned once, in the test project (BicepCliVersion feeds its PackageDownload).
version="$(sed -n 's|.*<BicepCliVersion>\([0-9.]*\)</BicepCliVersion>.*|\1|p' "${project}" | head -n 1)"
if [[ -z "${version}" ]]; then
  echo "check: no <BicepCliVersion> in ${project}" >&2
  exit 2
fi

packages="${NUGET_PACKAGES:-${HOME}/.nuget/packages}"
bicep="${BICEP_PATH:-${packages}/azure.bicep.commandline.linux-x64/${version}/tools/bicep}"

if [[ ! -f "${bicep}" ]]; then
  echo "check: restoring ${project} for Bicep CLI ${version}"
  dotnet restore "${project}" --verbosity quiet
fi
if [[ ! -f "${bicep}" ]]; then
  echo "check: Bicep CLI not found at ${bicep} after restore" >&2
  exit 2
fi
[[ -x "${bicep}" ]] || chmod +x "${bicep}"

out="$(mktemp -d)"
trap 'rm -rf "${out}"' EXIT

echo "check: $("${bicep}" --version)"
failed=0
for entry in "${entries[@]}"; do
  for verb in build lint; do
    log="${out}/${entry%.bicep}.${verb}.log"
    args=("${verb}" "${infra}/${entry}")
    if [[ "${verb}" == build ]]; then
      args+=(--outdir "${out}")
    fi
    status=0
    "${bicep}" "${args[@]}" >"${log}" 2>&1 || status=$?
    # Bicep prints nothing when a template is clean: any output (a diagnostic of any level) fails.
    if [[ ${status} -ne 0 || -s "${log}" ]]; then
      echo "FAIL bicep ${verb} ${entry} (exit ${status})"
      cat "${log}"
      failed=1
    else
      echo "ok   bicep ${verb} ${entry}"
    fi
  done
done

for entry in "${entries[@]}"; do
  json="${out}/${entry%.bicep}.json"
  if [[ ${failed} -eq 0 && ! -s "${json}" ]]; then
    echo "FAIL bicep build ${entry} wrote no ${json##*/}"
    failed=1
  fi
done

if [[ ${failed} -ne 0 ]]; then
  echo "check: Bicep templates have diagnostics; fix them (warnings count)." >&2
  exit 1
fi
echo "check: ${#entries[@]} templates built and linted with zero diagnostics."
