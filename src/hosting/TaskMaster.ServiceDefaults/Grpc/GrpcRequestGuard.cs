using System.Buffers;
using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TaskMaster.ServiceDefaults.Grpc;

/// <summary>
/// Checks the request message of every unary and server-streaming gRPC call before the service sees
/// it, once for every service of the host: a message past the service's <c>MaxReceiveMessageSize</c> is
/// RESOURCE_EXHAUSTED naming the limit (its body is never read), and bytes that are not the method's
/// request message are INVALID_ARGUMENT saying where they break. Without this grpc-dotnet answers the
/// first without the limit and the second as UNKNOWN "Exception was thrown by handler.".
/// </summary>
public sealed partial class GrpcRequestGuard(RequestDelegate next, IServiceProvider services, ILogger<GrpcRequestGuard> logger)
{
    private const int FrameHeader = 5;

    // grpc-dotnet's default when no option sets one.
    private const int DefaultMaxReceiveBytes = 4 * 1024 * 1024;

    // By method, what its request must be: found by reflection once, not on every call.
    private readonly ConcurrentDictionary<IMethod, Expected?> _expected = new();

    private sealed record Expected(MessageDescriptor Request, int MaxBytes);

    public async Task InvokeAsync(HttpContext context)
    {
        // gRPC framing only: the same methods transcoded to JSON have their own body checks.
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            || context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc
            || grpc.Method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || ExpectedOf(grpc) is not (var request, var limit))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var reader = context.Request.BodyReader;
        var header = await reader.ReadAtLeastAsync(FrameHeader, context.RequestAborted).ConfigureAwait(false);
        if (header.Buffer.Length < FrameHeader)
        {
            reader.AdvanceTo(header.Buffer.Start);
            await next(context).ConfigureAwait(false); // no message at all: grpc-dotnet's own answer says so
            return;
        }
        var (compressed, length) = FrameOf(header.Buffer);
        if (length > limit)
        {
            reader.AdvanceTo(header.Buffer.Start);
            LogRefused(logger, grpc.Method.FullName, "too large");
            Refuse(context, StatusCode.ResourceExhausted,
                $"the {request.Name} message is {length:N0} bytes; {grpc.Method.ServiceName} accepts at most {limit:N0} bytes per message");
            return;
        }
        reader.AdvanceTo(header.Buffer.Start);
        if (!compressed)
        {
            var whole = await reader.ReadAtLeastAsync(FrameHeader + (int)length, context.RequestAborted).ConfigureAwait(false);
            var problem = whole.Buffer.Length < FrameHeader + length ? null : Parse(request, whole.Buffer.Slice(FrameHeader, length));
            // Left unconsumed: the service reads the same bytes.
            reader.AdvanceTo(whole.Buffer.Start);
            if (problem is not null)
            {
                LogRefused(logger, grpc.Method.FullName, problem);
                Refuse(context, StatusCode.InvalidArgument, $"the request is not a {request.FullName} message: {problem}");
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    }

    private static (bool Compressed, uint Length) FrameOf(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[FrameHeader];
        buffer.Slice(0, FrameHeader).CopyTo(header);
        return (header[0] != 0, BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    private static string? Parse(MessageDescriptor request, ReadOnlySequence<byte> message)
    {
        try
        {
            request.Parser.ParseFrom(message);
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return e.Message;
        }
    }

    private Expected? ExpectedOf(GrpcMethodMetadata grpc) => _expected.GetOrAdd(grpc.Method,
        static (method, state) => RequestDescriptor(method) is { } request ? new Expected(request, state.Guard.MaxReceiveBytes(state.ServiceType)) : null,
        (Guard: this, grpc.ServiceType));

    private int MaxReceiveBytes(Type serviceType)
    {
        var options = (IOptions<GrpcServiceOptions>)services.GetRequiredService(typeof(IOptions<>).MakeGenericType(typeof(GrpcServiceOptions<>).MakeGenericType(serviceType)));
        return options.Value.MaxReceiveMessageSize ?? services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.MaxReceiveMessageSize ?? DefaultMaxReceiveBytes;
    }

    /// <summary>The protobuf descriptor of the method's request type; null for a type that is not a generated message.</summary>
    private static MessageDescriptor? RequestDescriptor(IMethod method)
    {
        var type = method.GetType().GetGenericArguments().FirstOrDefault();
        return type?.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) as MessageDescriptor;
    }

    /// <summary>A trailers-only gRPC answer: the call ends with this status before the service is called.</summary>
    private static void Refuse(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC call {Method} refused before the service: {Problem}")]
    private static partial void LogRefused(ILogger logger, string method, string problem);
}

public static class GrpcRequestGuardExtensions
{
    /// <summary>Checks every gRPC request message's size and shape before its service (<see cref="GrpcRequestGuard"/>); after routing, before the endpoints.</summary>
    public static IApplicationBuilder UseGrpcRequestGuard(this IApplicationBuilder app) => app.UseMiddleware<GrpcRequestGuard>();
}
