using System.Globalization;

namespace TaskMaster.Core.Display;

/// <summary>A count and its noun, singular or plural as the count says: <c>1 task</c>, <c>2 tasks</c>, <c>0 tasks</c>.</summary>
public static class Counted
{
    /// <param name="plural">When the plural is not <paramref name="singular"/> + "s".</param>
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
