using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scheduler");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
