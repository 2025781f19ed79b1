// The editor's Vietnamese words: Decap CMS 3.16.3 ships a "vi" locale (decap-cms-locales 3.8.2) that lacks 77 of
// the English keys (they would show in English) and has a few typos; this completes and corrects it, then the
// config's "locale: vi" picks it. Loaded after decap-cms.js, before the editor starts (admin/index.html).
;(function () {
  "use strict"

  var words = {
    auth: {
      loginWithAzure: "Đăng nhập bằng Azure",
      loginWithForgejo: "Đăng nhập bằng Forgejo",
      errors: {
        identitySettings: "Không truy cập được thiết lập danh tính. Hãy chắc chắn rằng dịch vụ Identity và " +
          "Git Gateway đã được bật khi dùng git-gateway.",
      },
    },
    app: {
      header: { media: "Ảnh và tệp" },
      app: {
        errorHeader: "Có lỗi khi tải cấu hình trình soạn thảo",
        checkConfigYml: "Kiểm tra lại tệp config.yml.",
        waitingBackend: "Đang chờ máy chủ…",
      },
    },
    collection: {
      sidebar: { collections: "Nhóm tài liệu", allCollections: "Mọi nhóm tài liệu", searchAll: "Tìm trong tất cả" },
      collectionTop: {
        viewAs: "Xem dạng",
        viewAsList: "Xem dạng danh sách",
        viewAsGrid: "Xem dạng lưới",
        groupBy: "Nhóm theo",
        newButtonAriaLabel: "Tạo mới trong %{collectionLabel}",
      },
      entries: {
        cachingEntries: "Đang lưu tạm…",
        longerLoading: "Có thể mất vài phút",
        unpublishedHeader: "Chưa lưu chính thức",
      },
      groups: { other: "Khác", negateLabel: "Không phải %{label}" },
    },
    editor: {
      editorControl: { field: { optional: "không bắt buộc", widgetLabel: "trường %{widgetLabel}" } },
      editorControlPane: {
        widget: {
          required: "Chưa điền %{fieldLabel}: trường này bắt buộc.",
          regexPattern: "%{fieldLabel} chưa đúng dạng.",
          processing: "%{fieldLabel} đang được xử lý.",
        },
        i18n: {
          writingInLocale: "Đang viết bằng %{locale}",
          copyFromLocale: "Điền từ ngôn ngữ khác",
          copyFromLocaleConfirm: "Điền dữ liệu từ ngôn ngữ %{locale}?\nMọi nội dung đang có sẽ bị ghi đè.",
        },
      },
      editor: {
        onLeavePage: "Rời trang này? Những thay đổi chưa lưu sẽ mất.",
        confirmLoadBackup: "Có một bản sao lưu trên máy của mục này, chưa được lưu vào tệp. Mở bản sao lưu đó?",
      },
      editorInterface: {
        toggleI18n: "Bật/tắt song ngữ",
        togglePreview: "Bật/tắt xem trước",
        toggleScrollSync: "Cuộn cùng nhau",
        toggleNotes: "Bật/tắt ghi chú",
      },
      editorNotesPane: {
        title: "Ghi chú",
        emptyState: "Chưa có ghi chú nào. Thêm ghi chú đầu tiên ở dưới.",
        addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm một ghi chú…",
        editPlaceholder: "Sửa ghi chú…",
        save: "Lưu",
        cancel: "Hủy",
        edit: "Sửa",
        delete: "Xóa",
        resolve: "Đã xử lý",
        unresolve: "Chưa xử lý",
        confirmDelete: "Xóa ghi chú này?",
        shortcut: "Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh",
      },
      editorToolbar: {
        publishing: "Đang lưu…",
        publish: "Lưu",
        published: "Đã lưu",
        publishNow: "Lưu ngay",
        publishAndCreateNew: "Lưu rồi tạo tài liệu mới",
        publishAndDuplicate: "Lưu rồi tạo bản sao",
        duplicate: "Tạo bản sao",
        deleteEntry: "Xóa tài liệu này",
        deletePublishedEntry: "Xóa tài liệu này",
        deleteUnpublishedEntry: "Xóa tài liệu chưa lưu này",
        deleteUnpublishedChanges: "Bỏ những thay đổi chưa lưu",
        saving: "Đang lưu…",
        deleting: "Đang xóa…",
        updating: "Đang cập nhật…",
        status: "Trạng thái: %{status}",
        backCollection: " Đang viết trong %{collectionLabel}",
        unsavedChanges: "Có thay đổi chưa lưu",
        changesSaved: "Đã lưu thay đổi",
        statusInfoTooltipDraft: "Tài liệu đang là bản nháp. Khi viết xong, chuyển trạng thái sang ‘Đang xét duyệt’",
        statusInfoTooltipInReview: "Tài liệu đang được xét duyệt; không cần làm gì thêm, vẫn có thể sửa tiếp.",
        deployPreviewPendingButtonLabel: "Kiểm tra bản xem trước",
      },
      editorWidgets: {
        markdown: {
          richText: "Văn bản định dạng",
          markdown: "Markdown",
          bold: "Đậm",
          italic: "Nghiêng",
          strikethrough: "Gạch ngang",
          code: "Mã",
          link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết",
          headings: "Tiêu đề",
          quote: "Trích dẫn",
          bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số",
          addComponent: "Thêm thành phần",
          toggleMode: { rich: "Chuyển sang chế độ định dạng", markdown: "Chuyển sang chế độ Markdown" },
        },
        image: {
          chooseMultiple: "Chọn ảnh",
          chooseUrl: "Chèn từ địa chỉ",
          replaceUrl: "Thay bằng địa chỉ",
          promptUrl: "Nhập địa chỉ của ảnh",
          addMore: "Thêm ảnh",
          removeAll: "Bỏ mọi ảnh",
        },
        file: {
          chooseMultiple: "Chọn tệp",
          chooseUrl: "Chèn từ địa chỉ",
          replaceUrl: "Thay bằng địa chỉ",
          promptUrl: "Nhập địa chỉ của tệp",
          addMore: "Thêm tệp",
          removeAll: "Bỏ mọi tệp",
          choose: "Chọn một tệp",
          chooseDifferent: "Chọn tệp khác",
          remove: "Bỏ tệp",
        },
        unknownControl: { noControl: "Không có ô nhập cho kiểu trường '%{widget}'." },
        unknownPreview: { noPreview: "Không xem trước được kiểu trường '%{widget}'." },
        datetime: { now: "Hôm nay", clear: "Xóa", setToNow: "Đặt là hôm nay" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở ra", collapse: "Thu gọn" },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: "Chép",
        copyUrl: "Chép địa chỉ",
        copyPath: "Chép đường dẫn",
        copyName: "Chép tên",
        copied: "Đã chép",
      },
      mediaLibrary: {
        onDelete: "Xóa tệp này?",
        fileTooLarge: "Tệp quá lớn.\nChỉ nhận tệp không quá %{size} kB.",
      },
      mediaLibraryModal: {
        close: "Đóng",
        mediaAssets: "Ảnh và tệp",
        private: "Riêng tư ",
        deleting: "Đang xóa…",
        deleteSelected: "Xóa các tệp đã chọn",
        chooseSelected: "Dùng các tệp đã chọn",
      },
    },
    ui: {
      errorBoundary: {
        details: "Đã xảy ra lỗi – hãy ",
        reportIt: "báo cho người duy trì bộ công cụ.",
        privacyWarning: "Báo lỗi kèm nội dung lỗi và dữ liệu gỡ lỗi.\nHãy xem lại và bỏ thông tin riêng " +
          "nếu cần.",
      },
      settingsDropdown: { account: "Tài khoản" },
      toast: {
        onFailToPersist: "Chưa lưu: %{details}",
        onFailToDelete: "Không xóa được: %{details}",
        onFailToLoadEntries: "Không tải được tài liệu: %{details}",
        missingRequiredField: "Còn trường bắt buộc chưa điền hoặc điền chưa đúng: xem các dòng báo đỏ rồi lưu lại.",
        entrySaved: "Đã lưu tài liệu",
        entryPublished: "Đã lưu tài liệu",
        onBackendDown: "Máy chủ đang gặp trục trặc. Xem %{details} để biết thêm",
        noteAdded: "Đã thêm ghi chú",
        onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú",
        onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xóa ghi chú",
        onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
        noteResolved: "Ghi chú đã xử lý",
        noteReopened: "Ghi chú mở lại",
        onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}",
      },
    },
  }

  function merge(base, extra) {
    var result = {}
    Object.keys(base || {}).forEach(function (key) { result[key] = base[key] })
    Object.keys(extra).forEach(function (key) {
      var value = extra[key]
      result[key] = value && typeof value === "object" ? merge(result[key], value) : value
    })
    return result
  }

  window.CMS.registerLocale("vi", merge(window.CMS.getLocale("vi"), words))
})()
