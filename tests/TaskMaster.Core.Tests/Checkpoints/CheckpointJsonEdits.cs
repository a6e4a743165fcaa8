using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>
/// Opens encoded checkpoint files and makes new ones: to read the JSON a file holds, and to edit it
/// and sign it again (files that pass the checksum but break something else).
/// </summary>
internal static class CheckpointJsonEdits
{
    /// <summary>The JSON inside a format 2 file.</summary>
    public static byte[] JsonOf(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    public static string TextOf(byte[] file) => Encoding.UTF8.GetString(JsonOf(file));

    /// <summary>A file holding <paramref name="json"/> as it is, compressed as the codec does (not signed again).</summary>
    public static byte[] Compressed(ReadOnlySpan<byte> json, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var file = new MemoryStream();
        using (var gzip = new GZipStream(file, level, leaveOpen: true)) gzip.Write(json);
        return file.ToArray();
    }

    public static byte[] Compressed(string json) => Compressed(Encoding.UTF8.GetBytes(json));

    public static JsonObject ToJson(CheckpointDocument document) => JsonNode.Parse(JsonOf(CheckpointCodec.Encode(document)))!.AsObject();

    /// <summary>A file of <paramref name="json"/> with a correct checksum, as a writer of that content would produce.</summary>
    public static byte[] Signed(JsonObject json)
    {
        json["checksum"] = "";
        return Compressed(CheckpointChecksum.Sign(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    /// <summary>The sample, edited by <paramref name="edit"/>, signed.</summary>
    public static byte[] SignedSample(Action<JsonObject> edit)
    {
        var json = ToJson(CheckpointSamples.Running());
        edit(json);
        return Signed(json);
    }

    /// <summary>
    /// <paramref name="json"/> as it is, byte for byte, with its one top-level checksum replaced by the
    /// checksum of those bytes (a writer of that exact text would produce it); null when it has no
    /// single top-level checksum to replace.
    /// </summary>
    public static byte[]? Resealed(byte[] json)
    {
        if (CheckpointLayoutScanner.Scan(json, out var layout) is not null || layout.ChecksumProperties != 1 || layout.ChecksumValue is not { } value)
            return null;
        var (offset, length) = value.GetOffsetAndLength(json.Length);
        return CheckpointChecksum.Sign([.. json.AsSpan(0, offset), .. json.AsSpan(offset + length)]);
    }
}
