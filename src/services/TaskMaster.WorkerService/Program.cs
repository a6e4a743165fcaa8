using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("worker");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
