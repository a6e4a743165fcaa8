using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace TaskMaster.Deployment.Tests.Chart;

/// <summary>
/// What <c>helm template</c> rendered, each manifest loaded strictly as the Kubernetes API type of its
/// kind (KubernetesClient: an unknown field is an error, as the API server's strict field validation
/// says). The custom kinds (prometheus-operator, KEDA) have no such types: they are kept as plain
/// maps and checked against their models by <c>tools/chart/validate-models.mjs</c>.
/// </summary>
internal sealed partial class RenderedManifests
{
    private static readonly string[] CustomGroups = ["monitoring.coreos.com/", "keda.sh/"];

    private readonly List<object> _typed = [];
    private readonly List<CustomManifest> _custom = [];

    private RenderedManifests(string yaml)
    {
        Yaml = yaml;
        var reader = new DeserializerBuilder().Build();
        foreach (var document in DocumentSeparator().Split(yaml))
        {
            if (document.Split('\n').All(line => line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line))) continue;
            var map = reader.Deserialize<Dictionary<string, object>>(document);
            var apiVersion = map.TryGetValue("apiVersion", out var a) ? a?.ToString() ?? "" : "";
            if (CustomGroups.Any(apiVersion.StartsWith))
            {
                var metadata = (Dictionary<object, object>)map["metadata"];
                _custom.Add(new CustomManifest(apiVersion, map["kind"].ToString()!, metadata["name"].ToString()!, map));
                continue;
            }
            try
            {
                _typed.AddRange(KubernetesYaml.LoadAllFromString(document, strict: true));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"a rendered manifest is not a valid Kubernetes object ({e.Message}):\n{document}", e);
            }
        }
    }

    public string Yaml { get; }

    /// <summary>Every manifest of a Kubernetes kind, as its KubernetesClient type.</summary>
    public IReadOnlyList<object> Typed => _typed;

    public IReadOnlyList<CustomManifest> Custom => _custom;

    public static RenderedManifests Load(string yaml) => new(yaml);

    public IEnumerable<T> OfType<T>() => _typed.OfType<T>();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        _typed.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new KeyNotFoundException($"no {typeof(T).Name} named {name} among: {string.Join(", ", Names())}");

    /// <summary>"Kind name" of every manifest, for messages.</summary>
    public IEnumerable<string> Names() =>
        _typed.OfType<IKubernetesObject<V1ObjectMeta>>().Select(o => $"{o.Kind} {o.Metadata.Name}")
            .Concat(_custom.Select(c => $"{c.Kind} {c.Name}"));

    /// <summary>Every pod template with the name of what holds it.</summary>
    public IEnumerable<(string Owner, V1PodSpec Pod)> PodSpecs() =>
        OfType<V1Deployment>().Select(d => ($"Deployment {d.Metadata.Name}", d.Spec.Template.Spec))
            .Concat(OfType<V1StatefulSet>().Select(s => ($"StatefulSet {s.Metadata.Name}", s.Spec.Template.Spec)));

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}

/// <summary>A manifest of a custom kind, as YAML maps.</summary>
internal sealed record CustomManifest(string ApiVersion, string Kind, string Name, Dictionary<string, object> Content)
{
    /// <summary>The value at a path of keys, e.g. ("spec", "triggers").</summary>
    public object? At(params string[] path)
    {
        object? node = Content;
        foreach (var key in path)
        {
            node = node switch
            {
                Dictionary<string, object> map => map.GetValueOrDefault(key),
                Dictionary<object, object> map => map.GetValueOrDefault(key),
                _ => null,
            };
        }
        return node;
    }
}
