using TaskMaster.SchedulerService;
using TaskMaster.Scheduler;
using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scheduler");
builder.AddSchedulerService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapSchedulerApi();
app.Run();
