using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TaskMaster.Scheduler.Control;

/// <summary>
/// Where a service reads the token every control call must carry: <c>TASKMASTER_CONTROL__TOKENFILE</c>.
/// There is none built in: without the setting, or with a file anyone else may read, the service refuses to start.
/// </summary>
public sealed class ControlTokenSettings
{
    public const string Section = "Control";

    public const string Variable = "TASKMASTER_CONTROL__TOKENFILE";

    [Required(ErrorMessage = Variable + " is required: the file holding the token every control call carries (mode 0600)")]
    public string TokenFile { get; set; } = "";

    /// <summary>Reads the token; throws, naming the setting, when it is missing, empty, or readable by others.</summary>
    public string ReadToken()
    {
        string Fail(string problem) => throw new OptionsValidationException(Section, typeof(ControlTokenSettings), [$"{Variable}: {problem}"]);
        if (string.IsNullOrWhiteSpace(TokenFile)) return Fail("is required: the file holding the token every control call carries (mode 0600)");
        if (!File.Exists(TokenFile)) return Fail($"{TokenFile} does not exist");
        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(TokenFile) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            return Fail($"{TokenFile} may be read or written by others: chmod 600 it");
        var token = File.ReadAllText(TokenFile).Trim();
        return string.IsNullOrEmpty(token) ? Fail($"{TokenFile} is empty") : token;
    }
}
