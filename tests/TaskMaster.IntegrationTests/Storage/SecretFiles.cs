using TaskMaster.Core.Storage;

namespace TaskMaster.IntegrationTests.Storage;

/// <summary>Secrets as a service is given them: in files only their owner can read.</summary>
internal static class SecretFiles
{
    public const string Token = "3f7c0d2a9b1e4c58a6d7e8f90a1b2c3d";

    public static string Write(string folder, string name, string secret)
    {
        var path = Path.Combine(folder, name);
        PrivateFiles.WriteAllText(path, secret + "\n");
        return path;
    }
}
