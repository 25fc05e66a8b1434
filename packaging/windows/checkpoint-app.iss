; Saved as UTF-8 with a byte-order mark: Inno Setup reads a script without one as ANSI,
; which would garble the Chinese names.
; Inno Setup 6 script: installs the one-folder workstation bundle on Windows 10/11 (x64).
;
; UNTESTED: it has never been compiled or run. The project builds on Linux, where neither
; Inno Setup nor a Windows bundle exists; see docs/BUILDING.md ("Windows") for the steps
; and the first-install checklist.
;
; On a Windows build machine, after `.venv\Scripts\pyinstaller --noconfirm build.spec`:
;   1. put the Microsoft redistributables next to this file (not committed, licence):
;        redist\VC_redist.x64.exe   Visual C++ 2015-2022, x64 (Python, Qt, onnxruntime)
;        redist\vcredist_x64.exe    Visual C++ 2013, x64 (the zbar DLLs in pyzbar's wheel)
;   2. "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\checkpoint-app.iss
;   → dist\installer\checkpoint-app-setup-<version>.exe
;
; Uninstalling removes the program only. Registrations, the audit log, device keys and
; crash reports live in the worker's data folder (%LOCALAPPDATA%\checkpoint_app, or the
; --data-dir given), which this installer never touches: a reinstall finds them again.

#define AppName "卡点通"
#define AppVersion "0.1.0"
#define AppExe "checkpoint-app.exe"
#define Bundle "..\..\dist\checkpoint-app"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installed copy through it.
AppId={{6C1F3E52-8A0B-4F5E-9C41-2B7D8E6A9F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=县疫情防控指挥部
DefaultDirName={autopf}\checkpoint-app
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=checkpoint-app-setup-{#AppVersion}
SetupIconFile=checkpoint-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Closes a running workstation (Restart Manager) before files are replaced on upgrade.
CloseApplications=yes
RestartApplications=no

[Languages]
; ChineseSimplified.isl ships with current Inno Setup 6 releases; with an older one, fetch
; it from the Inno Setup translations page into its Languages folder.
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: checkpoint-app.exe (windowed), checkpoint-app-cli.exe
; (console: --self-test, scan, audit verify, sync) and _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "redist\VC_redist.x64.exe"; DestDir: "{tmp}"; Flags: deleteafterinstall; Check: NeedsVCRuntime2015
Source: "redist\vcredist_x64.exe"; DestDir: "{tmp}"; Flags: deleteafterinstall; Check: NeedsVCRuntime2013

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} 自检"; Filename: "{cmd}"; Parameters: "/k ""{app}\checkpoint-app-cli.exe"" --self-test"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{tmp}\VC_redist.x64.exe"; Parameters: "/install /quiet /norestart"; StatusMsg: "正在安装 Visual C++ 运行库……"; Check: NeedsVCRuntime2015; Flags: waituntilterminated
Filename: "{tmp}\vcredist_x64.exe"; Parameters: "/install /quiet /norestart"; StatusMsg: "正在安装 Visual C++ 2013 运行库……"; Check: NeedsVCRuntime2013; Flags: waituntilterminated
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may have written inside its install folder; never the data.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
function VCRuntimeInstalled(const Version: String): Boolean;
var
  Installed: Cardinal;
begin
  Result := RegQueryDWordValue(HKLM64,
    'SOFTWARE\Microsoft\VisualStudio\' + Version + '\VC\Runtimes\x64', 'Installed', Installed)
    and (Installed = 1);
end;

function NeedsVCRuntime2015: Boolean;
begin
  Result := not VCRuntimeInstalled('14.0');
end;

function NeedsVCRuntime2013: Boolean;
begin
  Result := not VCRuntimeInstalled('12.0');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('程序已卸载。登记数据仍保存在' + #13#10 +
      ExpandConstant('{localappdata}\checkpoint_app') + #13#10 +
      '（如启动时指定了 --data-dir，则在该文件夹）。重新安装后可继续使用。',
      mbInformation, MB_OK);
end;
