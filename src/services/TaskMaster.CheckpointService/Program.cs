using TaskMaster.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("checkpoint");

var app = builder.Build();
app.MapServiceDefaults();
app.Run();
