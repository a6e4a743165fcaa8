using System.ComponentModel.DataAnnotations;

namespace TaskMaster.CheckpointService;

/// <summary>
/// The token every call must carry: <c>TASKMASTER_CONTROL__TOKENFILE</c> (a file only its owner
/// reads) or <c>TASKMASTER_CONTROL__TOKEN</c>. None is built in: without one the service refuses to start.
/// </summary>
public sealed class ServiceToken : IValidatableObject
{
    public const string Section = "Control";

    public string? TokenFile { get; set; }

    public string? Token { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(TokenFile) && string.IsNullOrWhiteSpace(Token))
            yield return new ValidationResult("TASKMASTER_CONTROL__TOKENFILE (or TASKMASTER_CONTROL__TOKEN) is not set: the service needs a token", [nameof(TokenFile)]);
        else if (!string.IsNullOrWhiteSpace(TokenFile) && Read(TokenFile) is { Length: 0 })
            yield return new ValidationResult($"TASKMASTER_CONTROL__TOKENFILE: {TokenFile} is missing, unreadable or empty", [nameof(TokenFile)]);
    }

    /// <summary>The token itself.</summary>
    public string Resolve() => !string.IsNullOrWhiteSpace(TokenFile) ? Read(TokenFile) : Token!.Trim();

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
