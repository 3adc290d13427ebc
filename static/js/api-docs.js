// Swagger UI over the portal's own schema; a file, not an inline script, because of the CSP.
window.addEventListener("load", function () {
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    requestInterceptor: function (request) {
      request.headers["Accept-Language"] = document.documentElement.lang || "tr";
      return request;
    },
  });
});
