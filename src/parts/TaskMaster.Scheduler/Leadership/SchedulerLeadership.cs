using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// This scheduler's place in the cluster: it tries to take the lease every renewal while it stands by,
/// renews it while it leads, and hands the <see cref="ILeaderDuty"/> duties over as leadership comes and
/// goes. It steps down (drops its duties, writing nothing) as soon as a renewal fails, its lease may have
/// run out, or a store refuses one of its writes as fenced; on a graceful stop it ends its duties
/// cleanly and releases the lease so that a standby takes over at once.
/// </summary>
public sealed partial class SchedulerLeadership : IHostedService, IDisposable
{
    private readonly ILeaderLease _lease;
    private readonly LeadershipOptions _options;
    private readonly IReadOnlyList<ILeaderDuty> _duties;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LeadershipMetrics _metrics;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private LeaseCandidate _candidate;
    private Task _loop = Task.CompletedTask;
    private Term? _term;
    // The fence of the term this scheduler last stepped down from: its very next term goes on under it (its runs in place).
    private LeaderFence? _ended;
    private volatile LeaseTerm? _leader;
    private TaskCompletionSource _changed = NewSignal();

    public SchedulerLeadership(ILeaderLease lease, LeadershipOptions options, LeaseCandidate candidate, IEnumerable<ILeaderDuty> duties,
        TimeProvider time, ILogger<SchedulerLeadership> logger)
    {
        _lease = lease;
        _options = options;
        _candidate = candidate;
        _duties = [.. duties];
        _time = time;
        _logger = logger;
        _metrics = new LeadershipMetrics();
    }

    /// <summary>This scheduler's id and address, as the lease records it.</summary>
    public LeaseCandidate Candidate => _candidate;

    /// <summary>The term this scheduler leads in; null while it stands by.</summary>
    public LeaseTerm? Current => _term?.Lease;

    /// <summary>The current term's fence: what its writes carry; null while standing by.</summary>
    public LeaderFence? Fence => _term?.Fence;

    /// <summary>
    /// Who leads, as last seen (this scheduler while it leads); null when nobody is known to: none did, or this
    /// scheduler stepped down and has not seen a successor yet (it never names one of its own ended terms).
    /// </summary>
    public LeaseTerm? Leader => _term?.Lease ?? (_leader is { } seen && seen.HolderId != _candidate.Id ? seen : null);

    /// <summary>How long a lease lasts unless renewed: the longest a call waits for a leader.</summary>
    public TimeSpan Lease => _options.Lease;

    /// <summary>
    /// The leader once one is settled: at once when another scheduler is known to lead, else as soon as one is
    /// seen or this scheduler's term has taken its duties up, waiting at most one <see cref="Lease"/>; null when
    /// none was settled by then.
    /// </summary>
    public async Task<LeaseTerm?> AwaitLeaderAsync(CancellationToken cancellationToken)
    {
        var asked = _time.GetTimestamp();
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            var term = _term;
            if (term is not null ? term.Settled : Leader is not null) return Leader;
            var left = _options.Lease - _time.GetElapsedTime(asked);
            if (left <= TimeSpan.Zero) return Leader;
            try
            {
                await changed.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return Leader;
            }
        }
    }

    /// <summary>Raised once this scheduler has taken the lease and every duty up (its runs resumed).</summary>
    public event Action<LeaseTerm>? Won;

    /// <summary>Raised after this scheduler stopped leading (why).</summary>
    public event Action<string>? Lost;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first turn holds the host's start: a scheduler alone with its stores up leads, with its runs resumed, before it listens.
        await TurnAsync(cancellationToken).ConfigureAwait(false);
        // The renewals run from the first turn on: resuming many runs on a busy machine may take longer than a lease,
        // and a term not renewed meanwhile would end by its own clock as soon as its duties were up.
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        if (_term is not { } term) return;
        try
        {
            await term.TakingOver.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up starting: no renewal goes on behind its back.
            await _stopping.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The duties end while the lease is still renewed: what they write as they stop is this term's.
        if (_term is { } leading)
        {
            await leading.Ended.CancelAsync().ConfigureAwait(false);
            await leading.TakingOver.ConfigureAwait(false);
            foreach (var duty in _duties.Reverse()) await duty.StopAsync().ConfigureAwait(false);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_term is not { } term) return;
            term.Fence.End();
            _term = null;
            _leader = null;
            Changed();
            try
            {
                await _lease.ReleaseAsync(term.Lease, cancellationToken).ConfigureAwait(false);
                LogReleased(term.Lease.FencingToken);
            }
            catch (IOException e)
            {
                LogReleaseFailed(e.Message);
            }
            _metrics.Lost(reason: "stopped");
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Ends the term now (a store refused its write as fenced): the duties are dropped, writing nothing.</summary>
    public Task StepDownAsync(string reason) => Task.Run(async () =>
    {
        await _turn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await StepDownLockedAsync(reason).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    });

    public void Dispose()
    {
        _stopping.Dispose();
        _turn.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.Renewal, _time, _stopping.Token).ConfigureAwait(false);
                await TurnAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One renewal while leading, one try to take the lease while standing by.</summary>
    private async Task TurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_term is { } term) await RenewAsync(term, cancellationToken).ConfigureAwait(false);
            else await TryLeadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task RenewAsync(Term term, CancellationToken cancellationToken)
    {
        if (term.TakeOverFailure is { } failure)
        {
            await StepDownLockedAsync(failure).ConfigureAwait(false);
            return;
        }
        var asked = _time.GetTimestamp();
        try
        {
            if (await _lease.RenewAsync(term.Lease, _options.Lease, cancellationToken).ConfigureAwait(false))
            {
                term.RenewedAt = asked;
                term.Fence.ExtendFrom(asked, _options.Lease);
                return;
            }
            await StepDownLockedAsync("its lease ran out and another scheduler holds it, or nobody does").ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Unsure whether the lease is still ours: lead on only while it surely is (it lasts from the last renewal asked).
            if (_time.GetElapsedTime(term.RenewedAt) + _options.Renewal < _options.Lease)
            {
                LogRenewFailed(e.Message);
                return;
            }
            await StepDownLockedAsync($"its lease could not be renewed before it ran out ({e.Message})").ConfigureAwait(false);
        }
    }

    private async Task TryLeadAsync(CancellationToken cancellationToken)
    {
        var asked = _time.GetTimestamp();
        LeaseTerm? won;
        try
        {
            won = await _lease.TryAcquireAsync(_candidate, _options.Lease, cancellationToken).ConfigureAwait(false);
            if (won is null)
            {
                var leader = await _lease.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (leader is not null && leader.FencingToken != _leader?.FencingToken) LogStandingBy(leader.HolderId, leader.Address, leader.FencingToken);
                _leader = leader;
                Changed();
                return;
            }
        }
        catch (IOException e)
        {
            LogAcquireFailed(e.Message);
            return;
        }
        // This scheduler's very next term (no other led in between) goes on under its last one's fence: what that term
        // held unwritten is its own, in sequence, and is written now under the new token. Any other term starts afresh.
        var fence = _ended?.TryContinue(won.FencingToken, asked, _options.Lease) == true ? _ended : NewFence(won, asked);
        _ended = null;
        var term = new Term(won, fence, asked, new CancellationTokenSource());
        _term = term;
        _leader = won;
        Changed();
        _metrics.Won(won.FencingToken);
        LogWon(won.FencingToken, won.Address);
        // Beside the renewals, not in their way: resuming many runs may take longer than a lease.
        term.TakingOver = Task.Run(() => TakeOverAsync(term), CancellationToken.None);
    }

    private LeaderFence NewFence(LeaseTerm won, long asked)
    {
        // Token 0 is a scheduler alone by construction: its right to write never lapses.
        var fence = won.FencingToken == 0 ? new LeaderFence(0) : new LeaderFence(won.FencingToken, _time);
        fence.ExtendFrom(asked, _options.Lease);
        fence.Fenced += refusal => OnFenced(fence, refusal);
        return fence;
    }

    private async Task TakeOverAsync(Term term)
    {
        try
        {
            await TakeUpDutiesAsync(term).ConfigureAwait(false);
        }
        finally
        {
            term.Settled = true;
            Changed();
        }
    }

    private async Task TakeUpDutiesAsync(Term term)
    {
        try
        {
            foreach (var duty in _duties) await duty.TakeOverAsync(term.Lease, term.Fence, term.Ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.Ended.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // A duty that cannot be taken up means this scheduler cannot lead: the next turn steps down, and another may lead.
            term.TakeOverFailure = $"it could not take its duties up: {e.Message}";
            return;
        }
        Won?.Invoke(term.Lease);
    }

    private void OnFenced(LeaderFence fence, JournalFencedException refusal)
    {
        _metrics.FencedWrite();
        LogFenced(fence.Token, refusal.Message);
        _ = StepDownAsync($"a store refused its write: {refusal.Message}");
    }

    private async Task StepDownLockedAsync(string reason)
    {
        if (_term is not { } term) return;
        term.Fence.End();
        _term = null;
        _ended = term.Fence;
        // Nobody is known to lead now: not this scheduler, and a successor is seen only at a later turn.
        _leader = null;
        Changed();
        await term.Ended.CancelAsync().ConfigureAwait(false);
        await term.TakingOver.ConfigureAwait(false);
        foreach (var duty in _duties.Reverse())
        {
            try { await duty.StepDownAsync().ConfigureAwait(false); }
            catch (Exception e) { LogDutyStepDownFailed(e, duty.GetType().Name); }
        }
        term.Ended.Dispose();
        // If the lease is still this term's (a refusal here, not a successor's), giving it up lets a standby lead at once.
        try { await _lease.ReleaseAsync(term.Lease, CancellationToken.None).ConfigureAwait(false); }
        catch (IOException e) { LogReleaseFailed(e.Message); }
        _metrics.Lost(reason: "lost");
        LogSteppedDown(term.Lease.FencingToken, reason);
        Lost?.Invoke(reason);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Wakes the calls waiting for a leader: who leads (or whether this term's duties are up) may have changed.
    private void Changed() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private sealed class Term(LeaseTerm lease, LeaderFence fence, long renewedAt, CancellationTokenSource ended)
    {
        public LeaseTerm Lease { get; } = lease;

        public LeaderFence Fence { get; } = fence;

        public long RenewedAt { get; set; } = renewedAt;

        public CancellationTokenSource Ended { get; } = ended;

        /// <summary>The duties being taken up; it never throws (a failure is <see cref="TakeOverFailure"/>).</summary>
        public Task TakingOver { get; set; } = Task.CompletedTask;

        public string? TakeOverFailure { get; set; }

        /// <summary>Its duties were taken up (or could not be): calls waiting for a leader go on.</summary>
        public volatile bool Settled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LEADER: this scheduler leads the cluster (fencing token {FencingToken}, clients reach it at {Address}); resuming the unfinished runs")]
    private partial void LogWon(long fencingToken, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "STANDBY: this scheduler stepped down (fencing token {FencingToken}): {Reason}; its runs stopped here without writing, the new leader resumes them")]
    private partial void LogSteppedDown(long fencingToken, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "STANDBY: scheduler {HolderId} leads (fencing token {FencingToken}, at {Address}); this one stands by and serves reads")]
    private partial void LogStandingBy(string holderId, string address, long fencingToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "FENCED: a store refused a write of this scheduler's term (fencing token {FencingToken}): {Refusal}; stepping down")]
    private partial void LogFenced(long fencingToken, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the lease of term {FencingToken}: a standby takes over at once")]
    private partial void LogReleased(long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease could not be released ({Problem}): a standby takes over once it runs out")]
    private partial void LogReleaseFailed(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease could not be renewed ({Problem}); leading on while it surely lasts")]
    private partial void LogRenewFailed(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease could not be read or taken ({Problem}); standing by")]
    private partial void LogAcquireFailed(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "The duty {Duty} failed as the scheduler stepped down")]
    private partial void LogDutyStepDownFailed(Exception e, string duty);
}
