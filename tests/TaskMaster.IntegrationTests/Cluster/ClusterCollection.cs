namespace TaskMaster.IntegrationTests.Cluster;

/// <summary>The tests of the whole stack share one <see cref="ClusterStack"/> and run one after another: some kill its processes.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterStack>
{
    public const string Name = "cluster";
}
