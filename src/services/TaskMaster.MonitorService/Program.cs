using TaskMaster.MonitorService;
using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("monitor");
builder.AddMonitorService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapMonitorService();
app.Run();
