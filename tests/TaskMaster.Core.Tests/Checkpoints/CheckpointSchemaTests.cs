using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Json.Schema;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary><c>docs/checkpoint.schema.json</c> describes what the codec writes and requires.</summary>
public sealed class CheckpointSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Checkpoints", "checkpoint.schema.json");

    private static readonly JsonObject SchemaJson = JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();

    // Built once: the library's global registry refuses a second schema with the same $id.
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaJson.ToJsonString());

    private static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    [Fact]
    public void Schema_EveryObject_ListsTheModelsPropertiesAndRequiredFields()
    {
        var problems = new List<string>();

        CompareObject(CheckpointJson.Document, SchemaJson, "$", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void Evaluate_EncodedDocument_Valid()
    {
        var results = Evaluate(CheckpointCodec.Encode(CheckpointSamples.Running()));

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void Evaluate_DocumentWithNaNMetric_Valid()
    {
        var sample = CheckpointSamples.Running();
        var document = sample with { SystemMetrics = sample.SystemMetrics with { AutonomyScore = double.NaN } };

        Assert.True(Evaluate(CheckpointCodec.Encode(document)).IsValid);
    }

    [Theory]
    [InlineData("run_id")]
    [InlineData("checksum")]
    [InlineData("execution_state.resource_allocations")]
    [InlineData("recovery_information.resume_command")]
    public void Evaluate_RequiredFieldRemoved_Invalid(string field)
    {
        var json = CheckpointJsonEdits.ToJson(CheckpointSamples.Running());
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)json, (node, part) => node[part]!);
        parent.AsObject().Remove(parts[^1]);

        Assert.False(Evaluate(JsonSerializer.SerializeToUtf8Bytes(json)).IsValid);
    }

    private static EvaluationResults Evaluate(byte[] document)
    {
        using var instance = JsonDocument.Parse(document);
        return Schema.Evaluate(instance.RootElement, Strict);
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));

    // Walks the serializer's own contract beside the schema, so a field added to the model without
    // the schema (or made required) fails here instead of drifting silently.
    private static void CompareObject(JsonTypeInfo type, JsonObject schema, string path, List<string> problems)
    {
        var properties = schema["properties"]?.AsObject() ?? [];
        var required = (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order().ToList();
        var modelNames = type.Properties.Select(p => p.Name).Order().ToList();
        var modelRequired = type.Properties.Where(p => p.IsRequired).Select(p => p.Name).Order().ToList();
        if (!modelNames.SequenceEqual(properties.Select(p => p.Key).Order()))
            problems.Add($"{path}: model has [{string.Join(", ", modelNames)}], schema [{string.Join(", ", properties.Select(p => p.Key).Order())}]");
        if (!modelRequired.SequenceEqual(required))
            problems.Add($"{path}: model requires [{string.Join(", ", modelRequired)}], schema [{string.Join(", ", required)}]");

        foreach (var property in type.Properties)
        {
            if (properties[property.Name] is not JsonObject propertySchema) continue;
            CompareValue(type.Options.GetTypeInfo(property.PropertyType), propertySchema, $"{path}.{property.Name}", problems);
        }
    }

    private static void CompareValue(JsonTypeInfo type, JsonObject schema, string path, List<string> problems)
    {
        var keyword = type.Kind switch
        {
            JsonTypeInfoKind.Object => "properties",
            JsonTypeInfoKind.Enumerable => "items",
            JsonTypeInfoKind.Dictionary => "additionalProperties",
            _ => null,
        };
        if (keyword is null) return;
        if (FindWith(schema, keyword) is not { } found)
        {
            problems.Add($"{path}: the schema has no '{keyword}' for {type.Type.Name}");
            return;
        }

        if (type.Kind == JsonTypeInfoKind.Object) CompareObject(type, found, path, problems);
        else CompareValue(type.Options.GetTypeInfo(type.ElementType!), found[keyword]!.AsObject(), path + "[]", problems);
    }

    /// <summary>The schema itself, the one it refers to, or an <c>anyOf</c> branch that has <paramref name="keyword"/>.</summary>
    private static JsonObject? FindWith(JsonObject schema, string keyword)
    {
        if (schema.ContainsKey(keyword)) return schema;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return FindWith(SchemaJson["$defs"]![reference["#/$defs/".Length..]]!.AsObject(), keyword);
        return schema["anyOf"]?.AsArray().Select(branch => FindWith(branch!.AsObject(), keyword)).FirstOrDefault(found => found is not null);
    }
}
