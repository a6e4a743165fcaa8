using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace TaskMaster.ServiceDefaults;

/// <summary>
/// Where a service listens: one HTTP/1.1 port (health, readiness, metrics, and the dashboard for the
/// monitor) and one cleartext HTTP/2 port for gRPC, both on loopback unless configured otherwise.
/// Set as <c>TASKMASTER_LISTEN__ADDRESS</c>, <c>TASKMASTER_LISTEN__HTTPPORT</c>,
/// <c>TASKMASTER_LISTEN__GRPCPORT</c>.
/// </summary>
public sealed class ServiceEndpoints
{
    public const string Section = "Listen";

    /// <summary>The address to listen on: 127.0.0.1 by default; 0.0.0.0 in a container.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    [Range(0, 65535)]
    public int HttpPort { get; set; }

    [Range(0, 65535)]
    public int GrpcPort { get; set; }

    public IPAddress ParseAddress() =>
        IPAddress.TryParse(Address, out var address)
            ? address
            : throw new OptionsValidationException(Section, typeof(ServiceEndpoints),
                [$"TASKMASTER_LISTEN__ADDRESS: '{Address}' is not an IP address (expected e.g. 127.0.0.1 or 0.0.0.0)"]);
}
