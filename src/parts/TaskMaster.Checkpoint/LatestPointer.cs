using System.Text.Json;
using System.Text.Json.Serialization;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Display;

namespace TaskMaster.Checkpoint;

/// <summary>
/// <c>latest.json</c>: which checkpoint of its folder is the newest written, as a few readable lines
/// instead of a second copy of it. <c>task-master resume --from-checkpoint …/latest.json</c> (PRD-6)
/// reads the file it names. A <c>latest.json</c> written before (format 1) is a whole checkpoint and
/// is read as one.
/// </summary>
/// <param name="Latest">The checkpoint's file name, in the same folder.</param>
/// <param name="Checksum">That checkpoint's own <c>checksum</c>: a file replaced under the same name is not taken for it.</param>
internal sealed record LatestPointer(
    [property: JsonPropertyName("latest")] string Latest,
    [property: JsonPropertyName("checksum")] string Checksum,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("journal_position")] long JournalPosition)
{
    public static LatestPointer To(string fileName, EncodedCheckpoint checkpoint) =>
        new(fileName, checkpoint.Checksum, checkpoint.RunId, checkpoint.Sequence, checkpoint.Reason, checkpoint.Timestamp, checkpoint.JournalPosition);

    public byte[] ToBytes()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, LatestPointerJson.Default.LatestPointer);
        return [.. json, (byte)'\n'];
    }

    private const int MaxFileName = 255;

    /// <summary>
    /// False when <paramref name="bytes"/> are not a pointer (a checkpoint, or anything else: the
    /// checkpoint reader says what is wrong with it). True with a <paramref name="problem"/> for a
    /// pointer that cannot be followed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out LatestPointer? pointer, out string? problem)
    {
        pointer = null;
        problem = null;
        // A pointer is a few hundred bytes: a checkpoint (a format 1 latest.json is one) is not parsed twice for this.
        if (bytes.Length > 4096 || !LooksLikePointer(bytes)) return false;
        try
        {
            pointer = JsonSerializer.Deserialize(bytes, LatestPointerJson.Default.LatestPointer);
        }
        catch (JsonException ex)
        {
            problem = $"not a checkpoint pointer: {ex.Message}";
            return true;
        }
        // A longer name cannot be a file's (NAME_MAX), nor one with a NUL or control character (the fuzzer's
        // seed 421294284, input 253: File.ReadAllBytes threw ArgumentException): refused here, quoted shortened.
        if (pointer is null || pointer.Latest.Length > MaxFileName || pointer.Latest.Any(char.IsControl)
            || !CheckpointFileName.TryParse(pointer.Latest, out _) || pointer.Latest != Path.GetFileName(pointer.Latest))
        {
            problem = $"not a checkpoint pointer: \"latest\" must be the file name of a checkpoint in the same folder, not {QuotedValue.Of(pointer?.Latest, 80)}";
            pointer = null;
        }
        return true;
    }

    private static bool LooksLikePointer(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("latest"u8)) return true;
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a pointer either.
        }
        return false;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, NewLine = "\n", IndentSize = 2, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(LatestPointer))]
internal sealed partial class LatestPointerJson : JsonSerializerContext;
