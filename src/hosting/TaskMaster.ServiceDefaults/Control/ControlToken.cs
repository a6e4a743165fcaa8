using System.Security.Cryptography;
using System.Text;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>The secret control calls carry as <c>authorization: Bearer &lt;token&gt;</c>.</summary>
public static class ControlToken
{
    public const string Header = "authorization";
    public const string Scheme = "Bearer ";

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
