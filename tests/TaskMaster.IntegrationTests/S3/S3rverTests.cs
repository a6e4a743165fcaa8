using TaskMaster.IntegrationTests.Fixtures;

namespace TaskMaster.IntegrationTests.S3;

/// <summary>s3rver, the quick S3 server, through AWSSDK.S3 4.1.</summary>
public sealed class S3rverTests(Servers servers)
{
    [Fact]
    public async Task PutGetListDelete_OnS3rver_RoundTripsAnObject()
    {
        using var s3 = servers.S3rver.CreateClient();

        await S3RoundTrip.PutGetListDeleteAsync(s3);
    }
}
