# Builds dist\CouncilDesk-Setup-VERSION.exe on a Windows 10/11 PC (PyInstaller does not
# cross-compile, so the bundle must be made on Windows). Needs Python 3.11 or later from
# python.org (the "py" launcher) and Inno Setup 6.3 or later. From the project folder:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
# This file is ASCII on purpose: Windows PowerShell 5.1 reads a BOM-less script as ANSI.
param(
    [string]$PythonLauncher = "py",
    [string]$PythonVersion = "-3.11"
)
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe failed with exit code $LASTEXITCODE" }
}

# 1. A venv with the app's pinned dependencies and PyInstaller (the "packaging" extra).
$venv = Join-Path $root "build\venv-win"
$python = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $python)) {
    Invoke-Checked $PythonLauncher @($PythonVersion, "-m", "venv", $venv)
}
Invoke-Checked $python @("-m", "pip", "install", "--disable-pip-version-check", "-q", ".[packaging]")

# 2. The one-folder bundle: dist\CouncilDesk\CouncilDesk.exe
Invoke-Checked $python @("-m", "PyInstaller", "--noconfirm", "--distpath", "dist",
    "--workpath", "build\pyinstaller", "packaging\councildesk.spec")

# 3. The bundle must start: --smoke opens the window on demo data and closes it.
#    (A windowed .exe has no console, so the exit code is the only answer.)
$smoke = Start-Process -FilePath "dist\CouncilDesk\CouncilDesk.exe" -ArgumentList "--smoke" -Wait -PassThru
if ($smoke.ExitCode -ne 0) { throw "CouncilDesk.exe --smoke failed with exit code $($smoke.ExitCode)" }

# 4. The installer, with the version from pyproject.toml.
$version = (& $python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
$candidates = @(
    (Get-Command "ISCC.exe" -ErrorAction SilentlyContinue | Select-Object -ExpandProperty Source),
    (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
    (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
    (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
) | Where-Object { $_ -and (Test-Path $_) }
if (-not $candidates) { throw "ISCC.exe not found: install Inno Setup 6.3 or later (winget install JRSoftware.InnoSetup)" }
$iscc = @($candidates)[0]
Invoke-Checked $iscc @("/DAppVersion=$version", "packaging\windows\installer.iss")
Write-Host "Built dist\CouncilDesk-Setup-$version.exe"
