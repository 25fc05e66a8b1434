# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QFrame, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QMainWindow, QMenu, QMenuBar,
    QScrollArea, QSizePolicy, QSplitter, QStatusBar,
    QTableView, QVBoxLayout, QWidget)

from checkpoint_app.gui.register_form import RegisterForm

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1440, 900)
        self.lockAction = QAction(MainWindow)
        self.lockAction.setObjectName(u"lockAction")
        self.signOutAction = QAction(MainWindow)
        self.signOutAction.setObjectName(u"signOutAction")
        self.quitAction = QAction(MainWindow)
        self.quitAction.setObjectName(u"quitAction")
        self.openRecordAction = QAction(MainWindow)
        self.openRecordAction.setObjectName(u"openRecordAction")
        self.findAction = QAction(MainWindow)
        self.findAction.setObjectName(u"findAction")
        self.newRecordAction = QAction(MainWindow)
        self.newRecordAction.setObjectName(u"newRecordAction")
        self.syncNowAction = QAction(MainWindow)
        self.syncNowAction.setObjectName(u"syncNowAction")
        self.exportAction = QAction(MainWindow)
        self.exportAction.setObjectName(u"exportAction")
        self.enrollAction = QAction(MainWindow)
        self.enrollAction.setObjectName(u"enrollAction")
        self.importPolicyAction = QAction(MainWindow)
        self.importPolicyAction.setObjectName(u"importPolicyAction")
        self.openScreenshotAction = QAction(MainWindow)
        self.openScreenshotAction.setObjectName(u"openScreenshotAction")
        self.readOfferedAction = QAction(MainWindow)
        self.readOfferedAction.setObjectName(u"readOfferedAction")
        self.readOfferedAction.setEnabled(False)
        self.cameraAction = QAction(MainWindow)
        self.cameraAction.setObjectName(u"cameraAction")
        self.watchFolderAction = QAction(MainWindow)
        self.watchFolderAction.setObjectName(u"watchFolderAction")
        self.scannerTestAction = QAction(MainWindow)
        self.scannerTestAction.setObjectName(u"scannerTestAction")
        self.serialPortAction = QAction(MainWindow)
        self.serialPortAction.setObjectName(u"serialPortAction")
        self.idcardTestAction = QAction(MainWindow)
        self.idcardTestAction.setObjectName(u"idcardTestAction")
        self.staffAction = QAction(MainWindow)
        self.staffAction.setObjectName(u"staffAction")
        self.checkpointAction = QAction(MainWindow)
        self.checkpointAction.setObjectName(u"checkpointAction")
        self.settingsAction = QAction(MainWindow)
        self.settingsAction.setObjectName(u"settingsAction")
        self.centralWidget = QWidget(MainWindow)
        self.centralWidget.setObjectName(u"centralWidget")
        self.centralLayout = QHBoxLayout(self.centralWidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.splitter = QSplitter(self.centralWidget)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.formScroll = QScrollArea(self.splitter)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setWidgetResizable(True)
        self.formScroll.setFrameShape(QFrame.NoFrame)
        self.formScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.registerForm = RegisterForm()
        self.registerForm.setObjectName(u"registerForm")
        self.formScroll.setWidget(self.registerForm)
        self.splitter.addWidget(self.formScroll)
        self.recordsPanel = QWidget(self.splitter)
        self.recordsPanel.setObjectName(u"recordsPanel")
        self.recordsLayout = QVBoxLayout(self.recordsPanel)
        self.recordsLayout.setObjectName(u"recordsLayout")
        self.recordsLayout.setContentsMargins(0, 0, 0, 0)
        self.resultBanner = QLabel(self.recordsPanel)
        self.resultBanner.setObjectName(u"resultBanner")
        self.resultBanner.setTextFormat(Qt.PlainText)
        self.resultBanner.setAlignment(Qt.AlignCenter)
        self.resultBanner.setMinimumSize(QSize(0, 96))
        self.resultBanner.setWordWrap(True)

        self.recordsLayout.addWidget(self.resultBanner)

        self.countsLabel = QLabel(self.recordsPanel)
        self.countsLabel.setObjectName(u"countsLabel")
        self.countsLabel.setTextFormat(Qt.PlainText)
        self.countsLabel.setWordWrap(True)

        self.recordsLayout.addWidget(self.countsLabel)

        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.searchEdit = QLineEdit(self.recordsPanel)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filterLayout.addWidget(self.searchEdit)

        self.colourFilter = QComboBox(self.recordsPanel)
        self.colourFilter.setObjectName(u"colourFilter")

        self.filterLayout.addWidget(self.colourFilter)

        self.dispositionFilter = QComboBox(self.recordsPanel)
        self.dispositionFilter.setObjectName(u"dispositionFilter")

        self.filterLayout.addWidget(self.dispositionFilter)

        self.feverFilter = QCheckBox(self.recordsPanel)
        self.feverFilter.setObjectName(u"feverFilter")

        self.filterLayout.addWidget(self.feverFilter)

        self.expiredNatFilter = QCheckBox(self.recordsPanel)
        self.expiredNatFilter.setObjectName(u"expiredNatFilter")

        self.filterLayout.addWidget(self.expiredNatFilter)


        self.recordsLayout.addLayout(self.filterLayout)

        self.recordsTable = QTableView(self.recordsPanel)
        self.recordsTable.setObjectName(u"recordsTable")
        self.recordsTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.recordsTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.recordsTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.recordsTable.setAlternatingRowColors(True)
        self.recordsTable.setSortingEnabled(False)

        self.recordsLayout.addWidget(self.recordsTable)

        self.splitter.addWidget(self.recordsPanel)

        self.centralLayout.addWidget(self.splitter)

        MainWindow.setCentralWidget(self.centralWidget)
        self.menuBar = QMenuBar(MainWindow)
        self.menuBar.setObjectName(u"menuBar")
        self.shiftMenu = QMenu(self.menuBar)
        self.shiftMenu.setObjectName(u"shiftMenu")
        self.recordsMenu = QMenu(self.menuBar)
        self.recordsMenu.setObjectName(u"recordsMenu")
        self.toolsMenu = QMenu(self.menuBar)
        self.toolsMenu.setObjectName(u"toolsMenu")
        self.syncMenu = QMenu(self.menuBar)
        self.syncMenu.setObjectName(u"syncMenu")
        MainWindow.setMenuBar(self.menuBar)
        self.statusBar = QStatusBar(MainWindow)
        self.statusBar.setObjectName(u"statusBar")
        MainWindow.setStatusBar(self.statusBar)

        self.menuBar.addAction(self.shiftMenu.menuAction())
        self.menuBar.addAction(self.recordsMenu.menuAction())
        self.menuBar.addAction(self.syncMenu.menuAction())
        self.menuBar.addAction(self.toolsMenu.menuAction())
        self.shiftMenu.addAction(self.lockAction)
        self.shiftMenu.addAction(self.signOutAction)
        self.shiftMenu.addSeparator()
        self.shiftMenu.addAction(self.quitAction)
        self.recordsMenu.addAction(self.openRecordAction)
        self.recordsMenu.addAction(self.findAction)
        self.recordsMenu.addAction(self.newRecordAction)
        self.recordsMenu.addSeparator()
        self.recordsMenu.addAction(self.openScreenshotAction)
        self.recordsMenu.addAction(self.readOfferedAction)
        self.recordsMenu.addAction(self.cameraAction)
        self.toolsMenu.addAction(self.scannerTestAction)
        self.toolsMenu.addAction(self.serialPortAction)
        self.toolsMenu.addAction(self.idcardTestAction)
        self.toolsMenu.addAction(self.watchFolderAction)
        self.toolsMenu.addAction(self.settingsAction)
        self.toolsMenu.addAction(self.staffAction)
        self.toolsMenu.addAction(self.checkpointAction)
        self.syncMenu.addAction(self.syncNowAction)
        self.syncMenu.addAction(self.exportAction)
        self.syncMenu.addSeparator()
        self.syncMenu.addAction(self.enrollAction)
        self.syncMenu.addAction(self.importPolicyAction)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u5361\u70b9\u901a", None))
        self.lockAction.setText(QCoreApplication.translate("MainWindow", u"\u9501\u5c4f", None))
#if QT_CONFIG(shortcut)
        self.lockAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+L", None))
#endif // QT_CONFIG(shortcut)
        self.signOutAction.setText(QCoreApplication.translate("MainWindow", u"\u4ea4\u73ed\uff08\u7b7e\u9000\uff09\u2026", None))
#if QT_CONFIG(shortcut)
        self.signOutAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Shift+H", None))
#endif // QT_CONFIG(shortcut)
        self.quitAction.setText(QCoreApplication.translate("MainWindow", u"\u9000\u51fa", None))
#if QT_CONFIG(shortcut)
        self.quitAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.openRecordAction.setText(QCoreApplication.translate("MainWindow", u"\u67e5\u770b / \u66f4\u6b63\u6240\u9009\u8bb0\u5f55", None))
#if QT_CONFIG(shortcut)
        self.openRecordAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+O", None))
#endif // QT_CONFIG(shortcut)
        self.findAction.setText(QCoreApplication.translate("MainWindow", u"\u67e5\u627e\u8bb0\u5f55", None))
#if QT_CONFIG(shortcut)
        self.findAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F", None))
#endif // QT_CONFIG(shortcut)
        self.newRecordAction.setText(QCoreApplication.translate("MainWindow", u"\u65b0\u767b\u8bb0", None))
#if QT_CONFIG(shortcut)
        self.newRecordAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+N", None))
#endif // QT_CONFIG(shortcut)
        self.syncNowAction.setText(QCoreApplication.translate("MainWindow", u"\u7acb\u5373\u540c\u6b65", None))
#if QT_CONFIG(shortcut)
        self.syncNowAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+F12", None))
#endif // QT_CONFIG(shortcut)
        self.exportAction.setText(QCoreApplication.translate("MainWindow", u"\u4ea4\u73ed\u5bfc\u51fa\u5230U\u76d8\u2026", None))
#if QT_CONFIG(shortcut)
        self.exportAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+E", None))
#endif // QT_CONFIG(shortcut)
        self.enrollAction.setText(QCoreApplication.translate("MainWindow", u"\u6ce8\u518c\u5230\u53bf\u5e73\u53f0\u2026", None))
        self.importPolicyAction.setText(QCoreApplication.translate("MainWindow", u"\u5bfc\u5165\u9632\u63a7\u7b56\u7565\u5305\u2026", None))
        self.openScreenshotAction.setText(QCoreApplication.translate("MainWindow", u"\u6253\u5f00\u622a\u56fe\u2026", None))
#if QT_CONFIG(shortcut)
        self.openScreenshotAction.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Shift+O", None))
#endif // QT_CONFIG(shortcut)
        self.readOfferedAction.setText(QCoreApplication.translate("MainWindow", u"\u8bfb\u53d6\u65b0\u6536\u5230\u7684\u622a\u56fe", None))
#if QT_CONFIG(shortcut)
        self.readOfferedAction.setShortcut(QCoreApplication.translate("MainWindow", u"F10", None))
#endif // QT_CONFIG(shortcut)
        self.cameraAction.setText(QCoreApplication.translate("MainWindow", u"\u6444\u50cf\u5934\u626b\u7801\u2026", None))
#if QT_CONFIG(shortcut)
        self.cameraAction.setShortcut(QCoreApplication.translate("MainWindow", u"F11", None))
#endif // QT_CONFIG(shortcut)
        self.watchFolderAction.setText(QCoreApplication.translate("MainWindow", u"\u76d1\u89c6\u622a\u56fe\u6587\u4ef6\u5939\u2026", None))
        self.scannerTestAction.setText(QCoreApplication.translate("MainWindow", u"\u6d4b\u8bd5\u626b\u7801\u67aa\u2026", None))
        self.serialPortAction.setText(QCoreApplication.translate("MainWindow", u"\u4e32\u53e3\u626b\u7801\u67aa\u2026", None))
        self.idcardTestAction.setText(QCoreApplication.translate("MainWindow", u"\u6d4b\u8bd5\u8bfb\u5361\u5668\u2026", None))
        self.staffAction.setText(QCoreApplication.translate("MainWindow", u"\u5de5\u4f5c\u4eba\u5458\u2026", None))
        self.checkpointAction.setText(QCoreApplication.translate("MainWindow", u"\u5361\u70b9\u4fe1\u606f\u2026", None))
        self.settingsAction.setText(QCoreApplication.translate("MainWindow", u"\u8bbe\u7f6e\u2026", None))
        self.resultBanner.setText(QCoreApplication.translate("MainWindow", u"\u7b49\u5f85\u767b\u8bb0", None))
        self.countsLabel.setText("")
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("MainWindow", u"\u67e5\u627e\u5168\u90e8\u8bb0\u5f55\uff1a\u59d3\u540d / \u8bc1\u4ef6\u53f7 / \u624b\u673a / \u8f66\u724c\uff08Ctrl+F\uff09", None))
        self.feverFilter.setText(QCoreApplication.translate("MainWindow", u"\u53d1\u70ed", None))
        self.expiredNatFilter.setText(QCoreApplication.translate("MainWindow", u"\u6838\u9178\u8fc7\u671f", None))
        self.shiftMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u73ed\u6b21(&S)", None))
        self.recordsMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u8bb0\u5f55(&R)", None))
        self.toolsMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u5de5\u5177(&T)", None))
        self.syncMenu.setTitle(QCoreApplication.translate("MainWindow", u"\u540c\u6b65(&Y)", None))
    # retranslateUi

