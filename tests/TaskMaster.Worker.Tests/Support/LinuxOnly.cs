// The worker runs tasks as Linux processes and these tests read /proc: they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
