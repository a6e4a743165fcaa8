using System.Text.RegularExpressions;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Repository;

/// <summary>The repository stands on its own: every relative link in its documents leads to a file inside it.</summary>
public sealed partial class DocumentationLinksTests
{
    [Fact]
    public void Documents_RelativeLinks_ResolveToFilesInsideTheRepository()
    {
        var root = RepositoryRoot.Path;
        var broken = new List<string>();
        foreach (var document in Documents(root))
        {
            var text = File.ReadAllText(document);
            foreach (Match link in MarkdownLink().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (IsExternal(target)) continue;
                var path = target.Split('#')[0];
                if (path.Length == 0) continue;
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(path)));
                var inside = resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
                if (!inside || !Path.Exists(resolved))
                    broken.Add($"{Path.GetRelativePath(root, document)}: ({target}) {(inside ? "does not exist" : "points outside the repository")}");
            }
        }

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Documents_NoneMentionTheSharedFolderBesideTheRepository()
    {
        var root = RepositoryRoot.Path;

        var mentions = Documents(root).Where(d => File.ReadAllText(d).Contains("../shared", StringComparison.Ordinal))
            .Select(d => Path.GetRelativePath(root, d)).ToList();

        Assert.Empty(mentions);
    }

    private static bool IsExternal(string target) =>
        target.StartsWith('#') || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal);

    private static IEnumerable<string> Documents(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "node_modules" or "bin" or "obj" or ".git"));


    // [text](target) and ![alt](target), not inside code: good enough for these documents, which
    // keep code in fences and spans that hold no such pairs.
    [GeneratedRegex(@"!?\[[^\]\n]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();
}
