using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>Edits an encoded checkpoint as JSON and signs it again, to make files that pass the checksum but break something else.</summary>
internal static class CheckpointJsonEdits
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(CheckpointDocument document) =>
        JsonNode.Parse(CheckpointCodec.Encode(document))!.AsObject();

    /// <summary>The bytes of <paramref name="json"/> with a correct checksum, as a writer of that content would produce.</summary>
    public static byte[] Signed(JsonObject json)
    {
        json["checksum"] = "";
        return CheckpointChecksum.Sign(Encoding.UTF8.GetBytes(json.ToJsonString(Indented)));
    }

    /// <summary>The sample, edited by <paramref name="edit"/>, signed.</summary>
    public static byte[] SignedSample(Action<JsonObject> edit)
    {
        var json = ToJson(CheckpointSamples.Running());
        edit(json);
        return Signed(json);
    }
}
