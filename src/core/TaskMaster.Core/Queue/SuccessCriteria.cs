namespace TaskMaster.Core.Queue;

/// <summary>
/// When an attempt counts as a success: the <c>success</c> field. All criteria must hold:
/// the exit code is one of <see cref="ExitCodes"/>, every file in <see cref="FilesExist"/> exists,
/// and stdout contained every text in <see cref="StdoutContains"/>.
/// </summary>
public sealed record SuccessCriteria(IReadOnlySet<int> ExitCodes, IReadOnlyList<string> FilesExist, IReadOnlyList<string> StdoutContains)
{
    public static SuccessCriteria Default { get; } = new(new HashSet<int> { 0 }, [], []);

    public bool Equals(SuccessCriteria? other) =>
        other is not null && ExitCodes.SetEquals(other.ExitCodes)
        && FilesExist.SequenceEqual(other.FilesExist) && StdoutContains.SequenceEqual(other.StdoutContains);

    public override int GetHashCode() => HashCode.Combine(ExitCodes.Count, FilesExist.Count, StdoutContains.Count);

    /// <summary>
    /// Checks an attempt's result against the criteria and returns null when it succeeded,
    /// else why it did not (the first unmet criterion).
    /// </summary>
    /// <param name="exitCode">The process exit code.</param>
    /// <param name="fileExists">Tells whether a criterion's path (as written) exists after the run.</param>
    /// <param name="stdoutContained">Tells whether stdout contained a criterion's text.</param>
    public string? Evaluate(int exitCode, Func<string, bool> fileExists, Func<string, bool> stdoutContained)
    {
        if (!ExitCodes.Contains(exitCode))
            return $"exit code {exitCode} (success is exit {string.Join(",", ExitCodes.Order())})";
        foreach (var file in FilesExist)
            if (!fileExists(file)) return $"file '{file}' does not exist after the run";
        foreach (var text in StdoutContains)
            if (!stdoutContained(text)) return $"stdout did not contain '{text}'";
        return null;
    }
}
