; Inno Setup script (6.3 or later: reads this UTF-8 file without a BOM and ships Korean.isl).
; Wraps PyInstaller's one-folder bundle dist\CouncilDesk into dist\CouncilDesk-Setup-VERSION.exe.
; build_windows.ps1 runs it with the version from pyproject.toml:
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\installer.iss
;
; Each user's data (%LOCALAPPDATA%\CouncilDesk: the encrypted data file, its keyring,
; backups, settings, logs) is written by the program, not by this installer, and is left in
; place on uninstall and upgrade: removing the program never removes a council's records.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "협의체 데스크"
#define AppExe "CouncilDesk.exe"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{226CE3A5-F1B9-4A00-B26D-6222F795E8AE}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CouncilDesk
DefaultDirName={autopf}\CouncilDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Program Files for everyone by default; a clerk without administrator rights may choose
; to install for themselves only (then {autopf} is their own Programs folder).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
; The bundle is 64-bit and PySide6 6.x needs Windows 10 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=CouncilDesk-Setup-{#AppVersion}
SetupIconFile=councildesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} (CouncilDesk)
CloseApplications=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\CouncilDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
