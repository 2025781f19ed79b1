// The editor's additions to Decap CMS (loaded after decap-cms.js and locale-vi.js): the site's own stylesheets
// in the preview, and a booklet's preview that shows the checker's findings on the draft (POST /api/check on the
// local server of make edit), in Vietnamese, as the author types; online the build checks what is saved.
;(function () {
  "use strict"

  var CMS = window.CMS
  var h = window.h
  var createClass = window.createClass
  // "proxy": make edit's local server (hoidap.editing.page writes the backend's name into the page)
  var backend = document.querySelector('meta[name="hoidap-backend"]')
  var local = Boolean(backend) && backend.content === "proxy"

  // The local server is this machine's own checkout: no account, so no "Đăng nhập" page on each visit.
  if (local && !localStorage.getItem("decap-cms-user")) {
    localStorage.setItem("decap-cms-user", JSON.stringify({ backendName: "proxy" }))
  }

  // Decap shows a refused save as "Chưa lưu: %{details}" with the error object as details, whose text would
  // start with its class name "API_ERROR: "; the server's message is already the author's words.
  var errorText = Error.prototype.toString
  Error.prototype.toString = function () {
    return this && this.name === "API_ERROR" ? String(this.message) : errorText.call(this)
  }

  ;["site/booklet.css", "site/reader.css", "preview.css"].forEach(function (name) {
    CMS.registerPreviewStyle(new URL(name, location.href).href)
  })

  function draftPath(entry, collection) {
    return entry.get("path") || collection.get("folder") + "/ban-nhap." + (collection.get("extension") || "md")
  }

  function findingText(finding) {
    return "Dòng " + finding.line + " – " + (finding.severity === "error" ? "lỗi" : "cảnh báo") + ": " +
      finding.message
  }

  var BookletPreview = createClass({
    getInitialState: function () {
      return { findings: null, failed: false }
    },
    componentDidMount: function () {
      this.sequence = 0
      this.schedule()
    },
    componentDidUpdate: function (previous) {
      if (previous.entry !== this.props.entry) this.schedule()
    },
    componentWillUnmount: function () {
      clearTimeout(this.timer)
      this.sequence += 1
    },
    schedule: function () {
      clearTimeout(this.timer)
      this.timer = setTimeout(this.check.bind(this), 600)
    },
    check: function () {
      var self = this
      var sequence = ++self.sequence
      if (!local) return
      var entry = self.props.entry
      fetch("/api/check", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ path: draftPath(entry, self.props.collection), data: entry.get("data").toJS() }),
      })
        .then(function (response) { return response.json() })
        .then(function (findings) {
          if (sequence === self.sequence) self.setState({ findings: findings, failed: !Array.isArray(findings) })
        })
        .catch(function () {
          if (sequence === self.sequence) self.setState({ failed: true })
        })
    },
    report: function () {
      var findings = this.state.findings
      if (!local) {
        return h("p", { className: "hoidap-check" }, "Bộ kiểm tra chạy khi trang được dựng lại sau mỗi lần lưu; " +
          "muốn thấy lỗi ngay khi soạn, dùng make edit trên máy có bản sao kho.")
      }
      if (this.state.failed) {
        return h("p", { className: "hoidap-check failed" }, "Chưa kiểm tra được bản nháp (máy chủ không trả lời).")
      }
      if (findings === null) return h("p", { className: "hoidap-check" }, "Đang kiểm tra bản nháp…")
      if (!findings.length) {
        return h("p", { className: "hoidap-check ok", role: "status" }, "Kiểm tra: không có lỗi nào.")
      }
      var errors = findings.filter(function (f) { return f.severity === "error" }).length
      return h("section", { className: "hoidap-check", role: "status" },
        h("p", null, "Kiểm tra: " + errors + " lỗi, " + (findings.length - errors) + " cảnh báo" +
          (errors ? " – sửa hết lỗi thì mới lưu được." : ".")),
        h("ul", null, findings.map(function (finding, index) {
          return h("li", { key: index, className: finding.severity }, findingText(finding))
        })))
    },
    render: function () {
      var entry = this.props.entry
      var resolution = entry.getIn(["data", "resolution"])
      var number = resolution && resolution.get ? resolution.get("number") : ""
      return h("article", { className: "md-typeset hoidap-preview" },
        this.report(),
        h("h1", null, entry.getIn(["data", "title"]) || "(chưa có tiêu đề)"),
        number ? h("p", { className: "hoidap-meta" }, "Nghị quyết số " + number) : null,
        this.props.widgetFor("body"))
    },
  })

  // Every collection of the generated config.yml, named by the server in the page (no list kept twice).
  var named = document.querySelector('meta[name="hoidap-collections"]')
  ;(named ? named.content.split(" ") : []).forEach(function (name) {
    if (name) CMS.registerPreviewTemplate(name, BookletPreview)
  })
})()
