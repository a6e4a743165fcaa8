using TaskMaster.SchedulerService;
using TaskMaster.Scheduler;
using TaskMaster.Scheduler.Leadership;
using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scheduler");
builder.AddSchedulerService();

var app = builder.Build();
app.MapServiceDefaults();
app.MapSchedulerApi();
app.MapSchedulerLeader();
app.Run();
