using System.ComponentModel.DataAnnotations;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.CheckpointService;

/// <summary>The checkpoint service's own settings: <c>TASKMASTER_CHECKPOINT__*</c>.</summary>
public sealed class CheckpointAlertSettings : IValidatableObject
{
    public const string Section = "Checkpoint";

    /// <summary>
    /// The Alertmanager a store outage is posted to (<c>TASKMASTER_CHECKPOINT__ALERTMANAGER__URL</c>, with the
    /// monitor's retry settings beside it); null: the outage is only logged and in <c>/metrics</c>.
    /// </summary>
    public AlertmanagerOptions? Alertmanager { get; set; }

    // The validator does not descend into the receiver's own annotations by itself.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Alertmanager is null) return [];
        var found = new List<ValidationResult>();
        Validator.TryValidateObject(Alertmanager, new ValidationContext(Alertmanager), found, validateAllProperties: true);
        return found.Select(r => new ValidationResult(
            $"TASKMASTER_CHECKPOINT__ALERTMANAGER__{string.Join(",", r.MemberNames).ToUpperInvariant()}: {r.ErrorMessage}"));
    }
}
