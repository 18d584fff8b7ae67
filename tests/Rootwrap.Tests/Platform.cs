// The helper and its tests are Linux-only (capabilities, /proc, file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
