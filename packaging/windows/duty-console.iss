; Inno Setup script of Duty Console for Windows (值班报警台安装程序).
; Built by .github/workflows/windows-installer.yml on a Windows runner; it cannot be built or run
; on the Linux development machines (see docs/install.md). The program folder comes from the same
; PyInstaller specification as the Linux package (packaging/duty-console.spec), built with
; DUTY_CONSOLE_VLC_DIR pointing at a VLC folder: libvlc.dll, libvlccore.dll and plugins\ are
; bundled under vlc\ (Windows has no system libvlc).
;   iscc /DAppVersion=0.1.0 /DSourceDir=build\pyinstaller\dist\duty-console packaging\windows\duty-console.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\pyinstaller\dist\duty-console"
#endif

[Setup]
AppId={{5B0E7A52-6C1D-4D8E-9E43-2B7A1F0D7C11}
AppName=Duty Console
AppVersion={#AppVersion}
AppPublisher=Duty Console
DefaultDirName={autopf}\Duty Console
DefaultGroupName=Duty Console
UninstallDisplayIcon={app}\duty-console.exe
SetupIconFile=duty-console.ico
OutputDir=..\..\dist
OutputBaseFilename=duty-console-{#AppVersion}-setup
Compression=lzma2/fast
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
; A running console is closed (Windows Restart Manager) before its files are replaced.
CloseApplications=yes
WizardStyle=modern

[Languages]
Name: "zh_CN"; MessagesFile: "ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh_CN.AppName=值班报警台
en.AppName=Duty Console
zh_CN.AutoStart=当前用户登录 Windows 时自动启动值班报警台
en.AutoStart=Start Duty Console when this user logs in to Windows
zh_CN.DesktopIcon=创建桌面快捷方式
en.DesktopIcon=Create a desktop shortcut
zh_CN.Upgrading=正在升级值班记录（升级前会先备份）…
en.Upgrading=Upgrading the duty log (a copy is taken first)…
zh_CN.LaunchNow=启动值班报警台
en.LaunchNow=Start Duty Console

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
Name: "autostart"; Description: "{cm:AutoStart}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppName}"; Filename: "{app}\duty-console.exe"
Name: "{autodesktop}\{cm:AppName}"; Filename: "{app}\duty-console.exe"; Tasks: desktopicon

[Registry]
; The same value console/setup/autostart.py sets and removes (settings window, `duty-console autostart on|off`).
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "DutyConsole"; ValueData: """{app}\duty-console.exe"""; Tasks: autostart; Flags: uninsdeletevalue

[Run]
; An upgrade brings the installing user's duty log to the new schema (a SQLite copy is taken first);
; other users' logs are upgraded when their console next starts.
Filename: "{app}\duty-console.exe"; Parameters: "migrate --backup"; StatusMsg: "{cm:Upgrading}"; Flags: runasoriginaluser runhidden waituntilterminated; Check: SettingsExist
Filename: "{app}\duty-console.exe"; Description: "{cm:LaunchNow}"; Flags: runasoriginaluser nowait postinstall skipifsilent

; Uninstalling removes the program only: the duty log, the settings and the evidence in the users'
; folders (%LOCALAPPDATA%\duty-console) stay, as on Linux.

[Code]
function SettingsExist(): Boolean;
begin
  Result := FileExists(ExpandConstant('{localappdata}\duty-console\settings.toml'));
end;
