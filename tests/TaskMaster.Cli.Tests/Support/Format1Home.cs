using System.Security.Cryptography;
using System.Text;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Cli.Tests.Support;

/// <summary>
/// Turns a home's checkpoints into what TaskMaster wrote before format 2: indented JSON files named
/// <c>*.json</c>, every list written, and <c>latest.json</c> a full copy of the newest.
/// </summary>
internal static class Format1Home
{
    public static void Rewrite(string home)
    {
        foreach (var folder in new[] { "checkpoints", "checkpoints-mirror" })
        {
            var directory = Path.Combine(home, folder);
            byte[]? newest = null;
            foreach (var file in Directory.GetFiles(directory, "*.json.gz").Order(StringComparer.Ordinal))
            {
                newest = Format1(CheckpointCodec.Decode(File.ReadAllBytes(file)).Document!);
                File.WriteAllBytes(file[..^".gz".Length], newest);
                File.Delete(file);
            }
            File.WriteAllBytes(Path.Combine(directory, "latest.json"), newest!);
        }
    }

    /// <summary>Format 1's bytes: the document shown as a person reads it is exactly its layout, signed by the one checksum rule.</summary>
    public static byte[] Format1(CheckpointDocument document)
    {
        var unsigned = CheckpointCodec.Show(document with { FormatVersion = 1, Checksum = "" });
        var checksum = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(unsigned)));
        return Encoding.UTF8.GetBytes(unsigned.Replace("\"checksum\": \"\"", $"\"checksum\": \"{checksum}\"", StringComparison.Ordinal));
    }
}
