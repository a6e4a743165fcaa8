using System.ComponentModel.DataAnnotations;

namespace TaskMaster.ServiceDefaults.Control;

/// <summary>
/// The token every control call to a service must carry (<c>authorization: Bearer &lt;token&gt;</c>):
/// <c>TASKMASTER_CONTROL__TOKENFILE</c> names a file holding it (a mounted secret), or
/// <c>TASKMASTER_CONTROL__TOKEN</c> gives it. There is none built in: without either the service
/// refuses to start, naming both.
/// </summary>
public sealed class ControlTokenSettings : IValidatableObject
{
    public const string Section = "Control";

    /// <summary>The variable naming the token's file, for messages and scripts.</summary>
    public const string TokenFileVariable = "TASKMASTER_CONTROL__TOKENFILE";

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public string? TokenFile { get; set; }

    public string? Token { get; set; }

    /// <summary>The token: the file's contents (trimmed), else <see cref="Token"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither is set, or the file cannot be read or is empty.</exception>
    public string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(TokenFile))
        {
            string text;
            try
            {
                text = File.ReadAllText(TokenFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{Variable(nameof(TokenFile))}: {TokenFile} cannot be read: {e.Message}", e);
            }
            return text.Length > 0 ? text : throw new InvalidOperationException($"{Variable(nameof(TokenFile))}: {TokenFile} is empty");
        }
        return !string.IsNullOrWhiteSpace(Token) ? Token.Trim() : throw new InvalidOperationException(Missing);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TokenFile) && string.IsNullOrWhiteSpace(Token))
            yield return new ValidationResult(Missing, [nameof(TokenFile), nameof(Token)]);
        else if (!string.IsNullOrWhiteSpace(TokenFile) && !File.Exists(TokenFile))
            yield return new ValidationResult($"{Variable(nameof(TokenFile))}: {TokenFile} does not exist", [nameof(TokenFile)]);
        else if (!string.IsNullOrWhiteSpace(TokenFile) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(TokenFile) & GroupOrOthers) != 0)
            yield return new ValidationResult($"{Variable(nameof(TokenFile))}: {TokenFile} may be read or written by others: chmod 600 it", [nameof(TokenFile)]);
    }

    private static string Missing =>
        $"{Variable(nameof(TokenFile))} (a file holding the control token) or {Variable(nameof(Token))} must be set: " +
        "every control call must carry the token, and none is built in";

    private static string Variable(string key) => ServiceSettings.VariableName(Section, key);
}
