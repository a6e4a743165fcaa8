using System.Text;
using System.Text.RegularExpressions;

namespace TaskMaster.Core.Tests.Fuzzing;

/// <summary>The queue files the fuzzers start from: the example, the format page and its example, and queues using every field.</summary>
internal static partial class QueueCorpus
{
    private const string EveryField = """
        # Queue: every-field

        - concurrency: 4
        - retries: 2
        - retry-backoff: 2s
        - timeout: 30m

        ## Phase 1

        ### prepare: Prepare *the* workspace
        Creates `out/`.
        - run: `mkdir -p out`
        - timeout: 30s
        - checkpoint: after

        ### fetch: Fetch
        - depends: prepare
        - retries: 5
        - retry-on: exit 75, timeout
        - resources: cpu=1, memory=256Mi
        - estimate: 2m
        - success: exit 0; file out/input.csv

        ```sh
        echo "::progress 50 half"
        ```

        ### build: Build
        - depends: fetch, prepare
        - env: MODE=full, LANG=C.UTF-8
        - workdir: out
        - critical: true
        - status: done
        - run: `make -j2 report`
        """;

    private const string Cycle = "# ring\n\n### a: A\n- depends: c\n- run: `true`\n\n### b: B\n- depends: a\n- run: `true`\n\n### c: C\n- depends: b\n- run: `true`\n";

    public static IReadOnlyList<byte[]> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Corpus");
        var files = Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        // The format page's examples, each a queue of its own.
        var examples = files.SelectMany(text => MarkdownExample().Matches(text).Select(m => m.Groups[1].Value)).ToList();
        return [.. files.Concat(examples).Append(EveryField).Append(Cycle).Select(Encoding.UTF8.GetBytes)];
    }

    [GeneratedRegex("^~~~~markdown\n(.*?)^~~~~$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MarkdownExample();
}
