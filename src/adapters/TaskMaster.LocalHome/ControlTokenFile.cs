using System.Security.Cryptography;
using System.Text;
using TaskMaster.Core.Storage;

namespace TaskMaster.LocalHome;

/// <summary>The home's control token (<see cref="HomeLayout.ControlTokenFile"/>): one per home, made on first use, readable by its owner only.</summary>
public static class ControlTokenFile
{
    /// <summary>Reads the home's token, creating it (mode 0600) if there is none.</summary>
    public static string LoadOrCreate(string path)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        PrivateFiles.CreateParentOf(path);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temp = path + ".tmp";
        PrivateFiles.WriteAllBytes(temp, Encoding.ASCII.GetBytes(token));
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made the token first: use theirs.
            File.Delete(temp);
        }
        return File.ReadAllText(path).Trim();
    }

    /// <summary>Reads the token; null when the home has none.</summary>
    public static string? TryRead(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
