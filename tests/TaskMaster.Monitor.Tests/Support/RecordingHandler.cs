using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>An HTTP handler that answers 200 and keeps every request's address and JSON body, in order.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Channel<(Uri Url, JsonElement Body)> _requests = Channel.CreateUnbounded<(Uri, JsonElement)>();

    /// <summary>The next request, within 10 seconds.</summary>
    public async Task<(Uri Url, JsonElement Body)> NextAsync() =>
        await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(await request.Content!.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        _requests.Writer.TryWrite((request.RequestUri!, body));
        return new HttpResponseMessage(HttpStatusCode.OK);
    }
}
