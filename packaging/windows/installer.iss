; Inno Setup script: wraps the PyInstaller folder dist\CouncilDesk into one installer.
; Build on Windows:  iscc packaging\windows\installer.iss
[Setup]
AppName=협의체 데스크 (CouncilDesk)
AppVersion=0.1.0
DefaultDirName={autopf}\CouncilDesk
DefaultGroupName=협의체 데스크
OutputBaseFilename=CouncilDesk-Setup-0.1.0
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest

[Languages]
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Files]
Source: "..\..\dist\CouncilDesk\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\협의체 데스크"; Filename: "{app}\CouncilDesk.exe"
Name: "{autodesktop}\협의체 데스크"; Filename: "{app}\CouncilDesk.exe"

[Run]
Filename: "{app}\CouncilDesk.exe"; Description: "협의체 데스크 실행"; Flags: nowait postinstall skipifsilent
