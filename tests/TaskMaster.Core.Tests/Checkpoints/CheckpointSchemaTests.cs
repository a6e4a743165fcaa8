using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Json.Schema;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Core.Tests.Checkpoints.CheckpointJsonEdits;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>
/// <c>docs/checkpoint.schema.json</c> describes the JSON in the files the codec writes (format 2), no
/// more and no less; <c>docs/checkpoint.v1.schema.json</c> still describes the format 1 files it reads.
/// </summary>
public sealed class CheckpointSchemaTests
{
    private static readonly JsonObject SchemaJson = Load("checkpoint.schema.json");

    // Built once: the library's global registry refuses a second schema with the same $id.
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaJson.ToJsonString());

    // The same, with every object closed: what the codec writes has no property the schema does not name.
    private static readonly JsonSchema Closed = JsonSchema.FromText(Close(SchemaJson.DeepClone(), "urn:taskmaster:checkpoint:2-closed").ToJsonString());

    private static readonly JsonSchema Format1 = JsonSchema.FromText(Load("checkpoint.v1.schema.json").ToJsonString());

    private static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.List };

    // What format 2 computes from the task table instead of writing (CheckpointDerivation).
    private static readonly HashSet<string> Computed =
    [
        "$.execution_state.current_task_id", "$.execution_state.running_tasks", "$.execution_state.completed_tasks",
        "$.execution_state.pending_tasks", "$.execution_state.failed_tasks", "$.execution_state.blocked_tasks",
        "$.execution_state.skipped_tasks", "$.recovery_information.rerun_on_resume", "$.recovery_information.retry_timers",
    ];

    [Fact]
    public void Evaluate_EncodedDocumentWithEveryField_ValidAndNothingUndescribed()
    {
        var json = JsonOf(CheckpointCodec.Encode(CheckpointSamples.EveryField()));

        var results = Evaluate(Closed, json);

        Assert.True(results.IsValid, Describe(results));
    }

    [Fact]
    public void Schema_EveryPropertyItNames_IsWrittenForADocumentWithEveryField()
    {
        using var json = JsonDocument.Parse(JsonOf(CheckpointCodec.Encode(CheckpointSamples.EveryField())));
        var written = new Dictionary<string, bool>();

        Walk(SchemaJson, json.RootElement, "$", written);

        Assert.Empty(written.Where(w => !w.Value).Select(w => w.Key));
    }

    [Fact]
    public void Schema_EveryObject_ListsTheModelsPropertiesAndRequiredFields()
    {
        var problems = new List<string>();

        CompareObject(CheckpointJson.Document, SchemaJson, "$", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void Schema_TaskRows_AreTheTaskModelsFieldsInTheTablesOrder()
    {
        var columns = SchemaJson["$defs"]!["task_table"]!["properties"]!["columns"]!["const"]!.AsArray().Select(c => c!.GetValue<string>());
        var model = CheckpointJson.Task(CheckpointJson.Compact).Properties.Select(p => p.Name);

        Assert.Equal(TaskTable.Columns, columns);
        Assert.Equal(model.Order(), TaskTable.Columns.Order());
        Assert.Equal(TaskTable.Columns.Length, SchemaJson["$defs"]!["task_row"]!["prefixItems"]!.AsArray().Count);
    }

    [Fact]
    public void Evaluate_DocumentWithNaNMetric_Valid()
    {
        var sample = CheckpointSamples.Running();
        var document = sample with { SystemMetrics = sample.SystemMetrics with { AutonomyScore = double.NaN } };

        Assert.True(Evaluate(Schema, JsonOf(CheckpointCodec.Encode(document))).IsValid);
    }

    [Theory]
    [InlineData("run_id")]
    [InlineData("checksum")]
    [InlineData("execution_state.resource_allocations")]
    [InlineData("execution_state.tasks.columns")]
    [InlineData("recovery_information.resume_command")]
    public void Evaluate_RequiredFieldRemoved_Invalid(string field)
    {
        var json = ToJson(CheckpointSamples.Running());
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)json, (node, part) => node[part]!);
        parent.AsObject().Remove(parts[^1]);

        Assert.False(Evaluate(Schema, JsonSerializer.SerializeToUtf8Bytes(json)).IsValid);
    }

    [Fact]
    public void Evaluate_Format1File_ValidAgainstTheFormat1Schema()
    {
        var file = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Format1", "running.json"));

        var results = Evaluate(Format1, file);

        Assert.True(results.IsValid, Describe(results));
    }

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Checkpoints", name)))!.AsObject();

    private static EvaluationResults Evaluate(JsonSchema schema, byte[] document)
    {
        using var instance = JsonDocument.Parse(document);
        return schema.Evaluate(instance.RootElement, Strict);
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));

    private static JsonNode Close(JsonNode schema, string? id = null)
    {
        if (schema is JsonObject obj)
        {
            if (id is not null) obj["$id"] = id;
            if (obj.ContainsKey("properties") && !obj.ContainsKey("additionalProperties")) obj["additionalProperties"] = false;
            foreach (var (_, child) in obj.ToList()) if (child is not null) Close(child);
        }
        else if (schema is JsonArray array)
        {
            foreach (var child in array) if (child is not null) Close(child);
        }
        return schema;
    }

    // Walks the schema beside the written JSON: each property the schema names, and whether any
    // instance of its object in the file has it.
    private static void Walk(JsonObject schema, JsonElement instance, string path, Dictionary<string, bool> written)
    {
        schema = Resolve(schema);
        if (schema["properties"] is JsonObject properties && instance.ValueKind == JsonValueKind.Object)
        {
            foreach (var (name, child) in properties)
            {
                var has = instance.TryGetProperty(name, out var value);
                written[$"{path}.{name}"] = written.GetValueOrDefault($"{path}.{name}") || has;
                if (has && child is JsonObject childSchema) Walk(childSchema, value, $"{path}.{name}", written);
            }
        }
        if (schema["additionalProperties"] is JsonObject values && instance.ValueKind == JsonValueKind.Object)
            foreach (var property in instance.EnumerateObject()) Walk(values, property.Value, $"{path}.*", written);
        if (schema["items"] is JsonObject items && instance.ValueKind == JsonValueKind.Array)
            foreach (var item in instance.EnumerateArray()) Walk(items, item, path + "[]", written);
        if (schema["prefixItems"] is JsonArray prefix && instance.ValueKind == JsonValueKind.Array)
            foreach (var (item, at) in instance.EnumerateArray().Select((item, at) => (item, at)).Where(x => x.at < prefix.Count))
                Walk(prefix[at]!.AsObject(), item, $"{path}[{at}]", written);
        if (schema["anyOf"] is JsonArray branches)
            foreach (var branch in branches) Walk(branch!.AsObject(), instance, path, written);
    }

    private static JsonObject Resolve(JsonObject schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Resolve(SchemaJson["$defs"]![reference["#/$defs/".Length..]]!.AsObject()) : schema;

    // Walks the serializer's own contract beside the schema, so a field added to the model without
    // the schema (or made required) fails here instead of drifting silently. What format 2 computes
    // instead of writing is left out, and the task table is compared column by column above.
    private static void CompareObject(JsonTypeInfo type, JsonObject schema, string path, List<string> problems)
    {
        var properties = schema["properties"]?.AsObject() ?? [];
        var required = (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order().ToList();
        var written = type.Properties.Where(p => !Computed.Contains($"{path}.{p.Name}")).ToList();
        var modelNames = written.Select(p => p.Name).Order().ToList();
        var modelRequired = written.Where(p => p.IsRequired).Select(p => p.Name).Order().ToList();
        if (!modelNames.SequenceEqual(properties.Select(p => p.Key).Order()))
            problems.Add($"{path}: model has [{string.Join(", ", modelNames)}], schema [{string.Join(", ", properties.Select(p => p.Key).Order())}]");
        if (!modelRequired.SequenceEqual(required))
            problems.Add($"{path}: model requires [{string.Join(", ", modelRequired)}], schema [{string.Join(", ", required)}]");

        foreach (var property in written)
        {
            if (properties[property.Name] is not JsonObject propertySchema || $"{path}.{property.Name}" == "$.execution_state.tasks") continue;
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
