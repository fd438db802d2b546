#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, checks formatting, builds strictly
# and runs every test. CI (.ci/run) runs exactly this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

"$root/eng/require.sh" test

# As root, require.sh has installed everything the tests need, so no test may skip itself (see
# tests/Nines.Testing/TestRequirements.cs): a broken detection fails instead of passing silently.
if [ "$(id -u)" = "0" ]; then
  export NINES_REQUIRE_ALL_TESTS=1
fi

echo "== format (dotnet format --verify-no-changes)"
dotnet format Nines.slnx --verify-no-changes

echo "== build"
dotnet build Nines.slnx -c Release --nologo -clp:ErrorsOnly

echo "== test"
dotnet test Nines.slnx -c Release --no-build --nologo "$@"
