# Builds the self-contained program folder dist\evidence-app\ on Windows (PyInstaller, one
# folder), the same as scripts/build-bundle does on Linux:
#   dist\evidence-app\evidence-app.exe       the command line (also `evidence-app gui`)
#   dist\evidence-app\evidence-app-gui.exe   the desktop app (no console window)
#   dist\evidence-app\_internal\             Python, Qt, fonts, translations: shared by both
# Copy that folder to a USB stick / another PC and start evidence-app-gui.exe; no Python and no
# network are needed there.
#
# Usage (PowerShell, in the repository folder, with Python 3.10+ from python.org installed):
#   powershell -ExecutionPolicy Bypass -File scripts\build-bundle.ps1 [-CurrentPython] [-Clean]
#   default         a private virtual environment build\bundle-venv with only the program's
#                   dependencies and PyInstaller (needs PyPI the first time)
#   -CurrentPython  use $env:PYTHON (default: py -3) as it is
#   -Clean          start from scratch (PyInstaller's cache, the old dist\evidence-app)
param([switch]$CurrentPython, [switch]$Clean)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$Root = (Get-Location).Path
$PyInstallerReq = "pyinstaller>=6.10,<7"
$Started = Get-Date

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

if ($env:PYTHON) { $Python = $env:PYTHON; $PyFlags = @() } else { $Python = "py"; $PyFlags = @("-3") }

if ($CurrentPython) {
    $BuildPy = (& $Python @($PyFlags + @("-c", "import sys; print(sys.executable)"))).Trim()
    & $BuildPy -c "import PyInstaller" 2>$null
    if ($LASTEXITCODE -ne 0) { Invoke-Checked $BuildPy @("-m", "pip", "install", "-q", $PyInstallerReq) }
} else {
    $Venv = Join-Path $Root "build\bundle-venv"
    $BuildPy = Join-Path $Venv "Scripts\python.exe"
    if (-not (Test-Path $BuildPy)) {
        Write-Host "build-bundle: creating $Venv"
        Invoke-Checked $Python @($PyFlags + @("-m", "venv", $Venv))
    }
    $Stamp = Join-Path $Venv ".installed"
    if (-not (Test-Path $Stamp) -or
        (Get-Item pyproject.toml).LastWriteTime -gt (Get-Item $Stamp).LastWriteTime) {
        Write-Host "build-bundle: installing the program's dependencies and PyInstaller"
        Invoke-Checked $BuildPy @("-m", "pip", "install", "-q", "--upgrade", "pip")
        Invoke-Checked $BuildPy @("-m", "pip", "install", "-q", "-e", ".", $PyInstallerReq)
        New-Item -ItemType File -Force $Stamp | Out-Null
    }
}

$PyiArgs = @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
          "--distpath", (Join-Path $Root "dist"), "--workpath", (Join-Path $Root "build\pyinstaller"))
if ($Clean) { $PyiArgs += "--clean" }
Invoke-Checked $BuildPy ($PyiArgs + @("packaging\evidence-app.spec"))

$Out = Join-Path $Root "dist\evidence-app"
foreach ($Exe in @("evidence-app.exe", "evidence-app-gui.exe")) {
    if (-not (Test-Path (Join-Path $Out $Exe))) { throw "build-bundle: $Exe was not built" }
}
Invoke-Checked (Join-Path $Out "evidence-app.exe") @("--version")
$Size = (Get-ChildItem $Out -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
$Seconds = [int]((Get-Date) - $Started).TotalSeconds
Write-Host ("build-bundle: built {0} ({1:N0} MB) in {2}s" -f $Out, $Size, $Seconds)
