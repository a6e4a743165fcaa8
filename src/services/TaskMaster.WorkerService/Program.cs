using TaskMaster.ServiceDefaults;
using TaskMaster.WorkerService;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("worker");
builder.AddTaskMasterBus();
builder.AddWorkerService();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
