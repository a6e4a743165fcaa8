using System.ComponentModel.DataAnnotations;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// How the schedulers of a cluster share the lease: <c>TASKMASTER_SCHEDULER__LEASESECONDS</c>,
/// <c>__LEASERENEWSECONDS</c> and <c>__ADVERTISEDADDRESS</c>. A standby takes over at most about one lease
/// and one renewal after the leader's last renewal: 3 s and 1 s keep that within 5 s.
/// </summary>
public sealed class LeadershipOptions : IValidatableObject
{
    public const string Section = "Scheduler";

    /// <summary>How long a lease lasts unless renewed.</summary>
    [Range(0.5, 300, ErrorMessage = "TASKMASTER_SCHEDULER__LEASESECONDS must be 0.5 to 300 (seconds a leader's lease lasts unless renewed)")]
    public double LeaseSeconds { get; set; } = 3;

    /// <summary>How often the leader renews its lease and a standby tries to take it.</summary>
    [Range(0.1, 100, ErrorMessage = "TASKMASTER_SCHEDULER__LEASERENEWSECONDS must be 0.1 to 100 (seconds between two renewals)")]
    public double LeaseRenewSeconds { get; set; } = 1;

    /// <summary>The gRPC address clients are told to use while this scheduler leads; empty: the address it listens on.</summary>
    public string AdvertisedAddress { get; set; } = "";

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Renewal => TimeSpan.FromSeconds(LeaseRenewSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseRenewSeconds * 2 > LeaseSeconds)
            yield return new ValidationResult(
                $"TASKMASTER_SCHEDULER__LEASERENEWSECONDS ({LeaseRenewSeconds}) must be at most half of TASKMASTER_SCHEDULER__LEASESECONDS ({LeaseSeconds}): a leader must renew its lease twice before it runs out",
                [nameof(LeaseRenewSeconds)]);
        if (AdvertisedAddress.Length > 0 && !(Uri.TryCreate(AdvertisedAddress, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return new ValidationResult(
                $"TASKMASTER_SCHEDULER__ADVERTISEDADDRESS '{AdvertisedAddress}' must be an http:// or https:// address (where clients reach this scheduler's gRPC API)",
                [nameof(AdvertisedAddress)]);
    }
}
