# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'transfer_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_TransferDialog(object):
    def setupUi(self, TransferDialog):
        if not TransferDialog.objectName():
            TransferDialog.setObjectName(u"TransferDialog")
        TransferDialog.resize(480, 300)
        self.layout = QVBoxLayout(TransferDialog)
        self.layout.setObjectName(u"layout")
        self.recordLabel = QLabel(TransferDialog)
        self.recordLabel.setObjectName(u"recordLabel")
        self.recordLabel.setTextFormat(Qt.PlainText)
        self.recordLabel.setWordWrap(True)

        self.layout.addWidget(self.recordLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.siteLabel = QLabel(TransferDialog)
        self.siteLabel.setObjectName(u"siteLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.siteLabel)

        self.siteCombo = QComboBox(TransferDialog)
        self.siteCombo.setObjectName(u"siteCombo")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.siteCombo)

        self.plateLabel = QLabel(TransferDialog)
        self.plateLabel.setObjectName(u"plateLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.plateLabel)

        self.plateEdit = QLineEdit(TransferDialog)
        self.plateEdit.setObjectName(u"plateEdit")
        self.plateEdit.setMaxLength(12)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.plateEdit)

        self.escortNameLabel = QLabel(TransferDialog)
        self.escortNameLabel.setObjectName(u"escortNameLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.escortNameLabel)

        self.escortNameEdit = QLineEdit(TransferDialog)
        self.escortNameEdit.setObjectName(u"escortNameEdit")
        self.escortNameEdit.setMaxLength(20)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.escortNameEdit)

        self.escortPhoneLabel = QLabel(TransferDialog)
        self.escortPhoneLabel.setObjectName(u"escortPhoneLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.escortPhoneLabel)

        self.escortPhoneEdit = QLineEdit(TransferDialog)
        self.escortPhoneEdit.setObjectName(u"escortPhoneEdit")
        self.escortPhoneEdit.setMaxLength(20)
        self.escortPhoneEdit.setInputMethodHints(Qt.ImhDialableCharactersOnly)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.escortPhoneEdit)


        self.layout.addLayout(self.formLayout)

        self.messageLabel = QLabel(TransferDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(TransferDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.siteLabel.setBuddy(self.siteCombo)
        self.plateLabel.setBuddy(self.plateEdit)
        self.escortNameLabel.setBuddy(self.escortNameEdit)
        self.escortPhoneLabel.setBuddy(self.escortPhoneEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.siteCombo, self.plateEdit)
        QWidget.setTabOrder(self.plateEdit, self.escortNameEdit)
        QWidget.setTabOrder(self.escortNameEdit, self.escortPhoneEdit)

        self.retranslateUi(TransferDialog)

        QMetaObject.connectSlotsByName(TransferDialog)
    # setupUi

    def retranslateUi(self, TransferDialog):
        TransferDialog.setWindowTitle(QCoreApplication.translate("TransferDialog", u"\u95ed\u73af\u8f6c\u8fd0", None))
        self.recordLabel.setText("")
        self.siteLabel.setText(QCoreApplication.translate("TransferDialog", u"\u63a5\u6536\u70b9(&S)", None))
        self.plateLabel.setText(QCoreApplication.translate("TransferDialog", u"\u8f6c\u8fd0\u8f66\u724c(&P)", None))
        self.plateEdit.setPlaceholderText(QCoreApplication.translate("TransferDialog", u"\u5982 \u8c6bP12345", None))
        self.escortNameLabel.setText(QCoreApplication.translate("TransferDialog", u"\u62a4\u9001\u4eba\u5458(&E)", None))
        self.escortPhoneLabel.setText(QCoreApplication.translate("TransferDialog", u"\u62a4\u9001\u4eba\u5458\u7535\u8bdd(&T)", None))
        self.messageLabel.setText("")
    # retranslateUi

