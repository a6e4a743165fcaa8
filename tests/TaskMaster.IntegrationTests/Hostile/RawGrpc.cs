using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace TaskMaster.IntegrationTests.Hostile;

/// <summary>
/// gRPC calls written by hand on HTTP/2, as a hostile client can write them: any bytes as the message,
/// and a frame header that may declare another length than the bytes that follow it.
/// </summary>
internal static class RawGrpc
{
    /// <summary>The status the server ends a call of <paramref name="fullMethod"/> with, when sent <paramref name="message"/> framed as is.</summary>
    public static Task<(StatusCode Code, string Detail)> CallAsync(Uri grpcUrl, string fullMethod, byte[] message, string? token) =>
        SendAsync(grpcUrl, fullMethod, [.. Header(message.Length), .. message], token);

    /// <summary>A frame header declaring <paramref name="declaredLength"/> bytes, followed by only a few: refused from the header, or the call would wait for bytes never sent.</summary>
    public static Task<(StatusCode Code, string Detail)> DeclareAsync(Uri grpcUrl, string fullMethod, long declaredLength, string? token) =>
        SendAsync(grpcUrl, fullMethod, [.. Header(declaredLength), .. new byte[64]], token);

    private static byte[] Header(long length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), checked((uint)length));
        return header;
    }

    private static async Task<(StatusCode, string)> SendAsync(Uri grpcUrl, string fullMethod, byte[] body, string? token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(grpcUrl, "/" + fullMethod))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A refusal before the service is trailers-only: its status comes in the headers.
        var status = Value(response.TrailingHeaders, "grpc-status") ?? Value(response.Headers, "grpc-status")
            ?? throw new InvalidOperationException($"{fullMethod}: the answer has no grpc-status");
        var detail = Value(response.TrailingHeaders, "grpc-message") ?? Value(response.Headers, "grpc-message") ?? "";
        return ((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(detail));
    }

    private static string? Value(HttpHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.First() : null;
}
