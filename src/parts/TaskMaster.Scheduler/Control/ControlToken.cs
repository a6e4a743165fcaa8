using System.Security.Cryptography;
using System.Text;
using TaskMaster.Core.Storage;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// The secret control calls carry as <c>authorization: Bearer &lt;token&gt;</c>. One per home, made
/// on first use, in a file only its owner can read.
/// </summary>
public static class ControlToken
{
    public const string Header = "authorization";
    public const string Scheme = "Bearer ";

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

    /// <summary>
    /// Constant-time check of an <c>authorization</c> header value: the scheme in any case, as
    /// RFC 9110 has it (<c>bearer</c>, <c>Bearer</c>), then one or more spaces, then the token.
    /// </summary>
    public static bool Matches(string? headerValue, string token)
    {
        var scheme = Scheme.TrimEnd();
        if (headerValue is null || headerValue.Length <= scheme.Length || !headerValue.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || headerValue[scheme.Length] != ' ')
            return false;
        var given = Encoding.UTF8.GetBytes(headerValue[scheme.Length..].TrimStart(' '));
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }
}
