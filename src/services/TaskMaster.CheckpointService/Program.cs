using TaskMaster.CheckpointService;
using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("checkpoint");
builder.AddCheckpointService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapCheckpointService();
app.Run();
