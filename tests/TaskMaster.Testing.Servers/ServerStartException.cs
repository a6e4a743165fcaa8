namespace TaskMaster.Testing.Servers;

/// <summary>A server's script failed; the message holds what it printed, its logs' ends included.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException(string message)
        : base(message)
    {
    }

    public ServerStartException()
    {
    }

    public ServerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
