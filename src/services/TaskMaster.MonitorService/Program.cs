using TaskMaster.Monitor.Cluster;
using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("monitor");
builder.Services.AddClusterMonitor(builder.Configuration, ServiceDefaultsExtensions.ReadyTag);

var app = builder.Build();
app.MapServiceDefaults();
app.MapClusterMonitor();
app.Run();
