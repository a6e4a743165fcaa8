namespace TaskMaster.IntegrationTests.RabbitMq;

/// <summary>The message the bus smoke tests send.</summary>
public sealed record Ping(Guid Id, string Text);
