# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'handover_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDialog,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget)

class Ui_HandoverDialog(object):
    def setupUi(self, HandoverDialog):
        if not HandoverDialog.objectName():
            HandoverDialog.setObjectName(u"HandoverDialog")
        HandoverDialog.resize(760, 720)
        self.layout = QVBoxLayout(HandoverDialog)
        self.layout.setObjectName(u"layout")
        self.titleLabel = QLabel(HandoverDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.titleLabel)

        self.infoLabel = QLabel(HandoverDialog)
        self.infoLabel.setObjectName(u"infoLabel")
        self.infoLabel.setTextFormat(Qt.PlainText)
        self.infoLabel.setWordWrap(True)

        self.layout.addWidget(self.infoLabel)

        self.tablesLayout = QHBoxLayout()
        self.tablesLayout.setObjectName(u"tablesLayout")
        self.summaryTable = QTableWidget(HandoverDialog)
        if (self.summaryTable.columnCount() < 2):
            self.summaryTable.setColumnCount(2)
        __qtablewidgetitem = QTableWidgetItem()
        self.summaryTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.summaryTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        self.summaryTable.setObjectName(u"summaryTable")
        self.summaryTable.setTabKeyNavigation(False)
        self.summaryTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.summaryTable.setSelectionMode(QAbstractItemView.NoSelection)
        self.summaryTable.setColumnCount(2)

        self.tablesLayout.addWidget(self.summaryTable)

        self.hoursTable = QTableWidget(HandoverDialog)
        if (self.hoursTable.columnCount() < 2):
            self.hoursTable.setColumnCount(2)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.hoursTable.setHorizontalHeaderItem(0, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.hoursTable.setHorizontalHeaderItem(1, __qtablewidgetitem3)
        self.hoursTable.setObjectName(u"hoursTable")
        self.hoursTable.setTabKeyNavigation(False)
        self.hoursTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.hoursTable.setSelectionMode(QAbstractItemView.NoSelection)
        self.hoursTable.setColumnCount(2)

        self.tablesLayout.addWidget(self.hoursTable)


        self.layout.addLayout(self.tablesLayout)

        self.warningLabel = QLabel(HandoverDialog)
        self.warningLabel.setObjectName(u"warningLabel")
        self.warningLabel.setTextFormat(Qt.PlainText)
        self.warningLabel.setWordWrap(True)

        self.layout.addWidget(self.warningLabel)

        self.notesLabel = QLabel(HandoverDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.layout.addWidget(self.notesLabel)

        self.notesEdit = QPlainTextEdit(HandoverDialog)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setTabChangesFocus(True)
        self.notesEdit.setMaximumSize(QSize(16777215, 110))

        self.layout.addWidget(self.notesEdit)

        self.outgoingBox = QGroupBox(HandoverDialog)
        self.outgoingBox.setObjectName(u"outgoingBox")
        self.outgoingLayout = QHBoxLayout(self.outgoingBox)
        self.outgoingLayout.setObjectName(u"outgoingLayout")
        self.outgoingNameLabel = QLabel(self.outgoingBox)
        self.outgoingNameLabel.setObjectName(u"outgoingNameLabel")
        self.outgoingNameLabel.setTextFormat(Qt.PlainText)

        self.outgoingLayout.addWidget(self.outgoingNameLabel)

        self.outgoingPinLabel = QLabel(self.outgoingBox)
        self.outgoingPinLabel.setObjectName(u"outgoingPinLabel")

        self.outgoingLayout.addWidget(self.outgoingPinLabel)

        self.outgoingPinEdit = QLineEdit(self.outgoingBox)
        self.outgoingPinEdit.setObjectName(u"outgoingPinEdit")
        self.outgoingPinEdit.setEchoMode(QLineEdit.Password)
        self.outgoingPinEdit.setMaxLength(12)

        self.outgoingLayout.addWidget(self.outgoingPinEdit)

        self.signOffButton = QPushButton(self.outgoingBox)
        self.signOffButton.setObjectName(u"signOffButton")

        self.outgoingLayout.addWidget(self.signOffButton)


        self.layout.addWidget(self.outgoingBox)

        self.incomingBox = QGroupBox(HandoverDialog)
        self.incomingBox.setObjectName(u"incomingBox")
        self.incomingLayout = QHBoxLayout(self.incomingBox)
        self.incomingLayout.setObjectName(u"incomingLayout")
        self.incomingNameLabel = QLabel(self.incomingBox)
        self.incomingNameLabel.setObjectName(u"incomingNameLabel")

        self.incomingLayout.addWidget(self.incomingNameLabel)

        self.incomingNameCombo = QComboBox(self.incomingBox)
        self.incomingNameCombo.setObjectName(u"incomingNameCombo")
        self.incomingNameCombo.setEditable(True)
        self.incomingNameCombo.setMinimumSize(QSize(120, 0))

        self.incomingLayout.addWidget(self.incomingNameCombo)

        self.incomingPinLabel = QLabel(self.incomingBox)
        self.incomingPinLabel.setObjectName(u"incomingPinLabel")

        self.incomingLayout.addWidget(self.incomingPinLabel)

        self.incomingPinEdit = QLineEdit(self.incomingBox)
        self.incomingPinEdit.setObjectName(u"incomingPinEdit")
        self.incomingPinEdit.setEchoMode(QLineEdit.Password)
        self.incomingPinEdit.setMaxLength(12)

        self.incomingLayout.addWidget(self.incomingPinEdit)

        self.acknowledgeButton = QPushButton(self.incomingBox)
        self.acknowledgeButton.setObjectName(u"acknowledgeButton")

        self.incomingLayout.addWidget(self.acknowledgeButton)


        self.layout.addWidget(self.incomingBox)

        self.unmaskBox = QGroupBox(HandoverDialog)
        self.unmaskBox.setObjectName(u"unmaskBox")
        self.unmaskLayout = QHBoxLayout(self.unmaskBox)
        self.unmaskLayout.setObjectName(u"unmaskLayout")
        self.unmaskReasonLabel = QLabel(self.unmaskBox)
        self.unmaskReasonLabel.setObjectName(u"unmaskReasonLabel")

        self.unmaskLayout.addWidget(self.unmaskReasonLabel)

        self.unmaskReasonEdit = QLineEdit(self.unmaskBox)
        self.unmaskReasonEdit.setObjectName(u"unmaskReasonEdit")
        self.unmaskReasonEdit.setMaxLength(100)

        self.unmaskLayout.addWidget(self.unmaskReasonEdit)

        self.exportUnmaskedButton = QPushButton(self.unmaskBox)
        self.exportUnmaskedButton.setObjectName(u"exportUnmaskedButton")

        self.unmaskLayout.addWidget(self.exportUnmaskedButton)


        self.layout.addWidget(self.unmaskBox)

        self.messageLabel = QLabel(HandoverDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonsLayout = QHBoxLayout()
        self.buttonsLayout.setObjectName(u"buttonsLayout")
        self.savePdfButton = QPushButton(HandoverDialog)
        self.savePdfButton.setObjectName(u"savePdfButton")

        self.buttonsLayout.addWidget(self.savePdfButton)

        self.printButton = QPushButton(HandoverDialog)
        self.printButton.setObjectName(u"printButton")

        self.buttonsLayout.addWidget(self.printButton)

        self.exportExcelButton = QPushButton(HandoverDialog)
        self.exportExcelButton.setObjectName(u"exportExcelButton")

        self.buttonsLayout.addWidget(self.exportExcelButton)

        self.buttonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonsLayout.addItem(self.buttonsSpacer)

        self.closeButton = QPushButton(HandoverDialog)
        self.closeButton.setObjectName(u"closeButton")

        self.buttonsLayout.addWidget(self.closeButton)


        self.layout.addLayout(self.buttonsLayout)

#if QT_CONFIG(shortcut)
        self.notesLabel.setBuddy(self.notesEdit)
        self.outgoingPinLabel.setBuddy(self.outgoingPinEdit)
        self.incomingNameLabel.setBuddy(self.incomingNameCombo)
        self.incomingPinLabel.setBuddy(self.incomingPinEdit)
        self.unmaskReasonLabel.setBuddy(self.unmaskReasonEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(HandoverDialog)

        QMetaObject.connectSlotsByName(HandoverDialog)
    # setupUi

    def retranslateUi(self, HandoverDialog):
        HandoverDialog.setWindowTitle(QCoreApplication.translate("HandoverDialog", u"\u4ea4\u73ed", None))
        self.titleLabel.setText(QCoreApplication.translate("HandoverDialog", u"\u4ea4\u73ed\u62a5\u544a", None))
        self.infoLabel.setText("")
        ___qtablewidgetitem = self.summaryTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("HandoverDialog", u"\u9879\u76ee", None))
        ___qtablewidgetitem1 = self.summaryTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("HandoverDialog", u"\u4eba\u6570", None))
        ___qtablewidgetitem2 = self.hoursTable.horizontalHeaderItem(0)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("HandoverDialog", u"\u65f6\u6bb5", None))
        ___qtablewidgetitem3 = self.hoursTable.horizontalHeaderItem(1)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("HandoverDialog", u"\u5230\u8fbe\u4eba\u6570", None))
        self.warningLabel.setText("")
        self.notesLabel.setText(QCoreApplication.translate("HandoverDialog", u"\u7ed9\u4e0b\u4e00\u73ed\u7684\u4ea4\u4ee3(&J)", None))
        self.notesEdit.setPlaceholderText(QCoreApplication.translate("HandoverDialog", u"\u4f8b\u5982\uff1a3\u53f7\u8f66\u9053\u626b\u7801\u67aa\u5931\u7075\uff1b\u96c6\u4e2d\u9694\u79bb\u8f6c\u8fd0\u8f66\u8f86 14:00 \u5230\u8fbe", None))
        self.outgoingBox.setTitle(QCoreApplication.translate("HandoverDialog", u"\u4ea4\u73ed\u4eba\u7b7e\u8ba4", None))
        self.outgoingNameLabel.setText("")
        self.outgoingPinLabel.setText(QCoreApplication.translate("HandoverDialog", u"PIN(&P)", None))
        self.signOffButton.setText(QCoreApplication.translate("HandoverDialog", u"\u4ea4\u73ed\u7b7e\u8ba4(&S)", None))
        self.incomingBox.setTitle(QCoreApplication.translate("HandoverDialog", u"\u63a5\u73ed\u4eba\u786e\u8ba4", None))
        self.incomingNameLabel.setText(QCoreApplication.translate("HandoverDialog", u"\u59d3\u540d(&N)", None))
        self.incomingPinLabel.setText(QCoreApplication.translate("HandoverDialog", u"PIN(&I)", None))
        self.acknowledgeButton.setText(QCoreApplication.translate("HandoverDialog", u"\u63a5\u73ed\u786e\u8ba4(&A)", None))
        self.unmaskBox.setTitle(QCoreApplication.translate("HandoverDialog", u"\u5bfc\u51fa\u542b\u5b8c\u6574\u4e2a\u4eba\u4fe1\u606f\u7684 Excel\uff08\u4ec5\u5361\u70b9\u8d1f\u8d23\u4eba\u3001\u7ba1\u7406\u5458\uff0c\u8bb0\u5165\u5ba1\u8ba1\uff09", None))
        self.unmaskReasonLabel.setText(QCoreApplication.translate("HandoverDialog", u"\u539f\u56e0(&Y)", None))
        self.unmaskReasonEdit.setPlaceholderText(QCoreApplication.translate("HandoverDialog", u"\u4f8b\u5982\uff1a\u4e61\u9547\u6d41\u8c03\u6838\u5bf9", None))
        self.exportUnmaskedButton.setText(QCoreApplication.translate("HandoverDialog", u"\u5bfc\u51fa\u5b8c\u6574\u4fe1\u606f(&U)\u2026", None))
        self.messageLabel.setText("")
        self.savePdfButton.setText(QCoreApplication.translate("HandoverDialog", u"\u4fdd\u5b58 PDF(&D)", None))
        self.printButton.setText(QCoreApplication.translate("HandoverDialog", u"\u6253\u5370(&R)", None))
        self.exportExcelButton.setText(QCoreApplication.translate("HandoverDialog", u"\u5bfc\u51fa Excel(&E)", None))
        self.closeButton.setText(QCoreApplication.translate("HandoverDialog", u"\u5173\u95ed", None))
    # retranslateUi

