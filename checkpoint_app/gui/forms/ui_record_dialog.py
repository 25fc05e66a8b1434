# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'record_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFrame, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QScrollArea, QSizePolicy,
    QVBoxLayout, QWidget)

from checkpoint_app.gui.register_form import RegisterForm

class Ui_RecordDialog(object):
    def setupUi(self, RecordDialog):
        if not RecordDialog.objectName():
            RecordDialog.setObjectName(u"RecordDialog")
        RecordDialog.resize(980, 680)
        self.layout = QHBoxLayout(RecordDialog)
        self.layout.setObjectName(u"layout")
        self.formScroll = QScrollArea(RecordDialog)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setFocusPolicy(Qt.NoFocus)
        self.formScroll.setWidgetResizable(True)
        self.formScroll.setFrameShape(QFrame.NoFrame)
        self.formScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.registerForm = RegisterForm()
        self.registerForm.setObjectName(u"registerForm")
        self.formScroll.setWidget(self.registerForm)

        self.layout.addWidget(self.formScroll)

        self.sideLayout = QVBoxLayout()
        self.sideLayout.setObjectName(u"sideLayout")
        self.historyLabel = QLabel(RecordDialog)
        self.historyLabel.setObjectName(u"historyLabel")

        self.sideLayout.addWidget(self.historyLabel)

        self.historyList = QListWidget(RecordDialog)
        self.historyList.setObjectName(u"historyList")

        self.sideLayout.addWidget(self.historyList)

        self.correctionLabel = QLabel(RecordDialog)
        self.correctionLabel.setObjectName(u"correctionLabel")

        self.sideLayout.addWidget(self.correctionLabel)

        self.correctionReasonEdit = QLineEdit(RecordDialog)
        self.correctionReasonEdit.setObjectName(u"correctionReasonEdit")
        self.correctionReasonEdit.setMaxLength(200)

        self.sideLayout.addWidget(self.correctionReasonEdit)

        self.messageLabel = QLabel(RecordDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.sideLayout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(RecordDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.sideLayout.addWidget(self.buttonBox)


        self.layout.addLayout(self.sideLayout)

#if QT_CONFIG(shortcut)
        self.correctionLabel.setBuddy(self.correctionReasonEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RecordDialog)

        QMetaObject.connectSlotsByName(RecordDialog)
    # setupUi

    def retranslateUi(self, RecordDialog):
        RecordDialog.setWindowTitle(QCoreApplication.translate("RecordDialog", u"\u767b\u8bb0\u8bb0\u5f55", None))
        self.historyLabel.setText(QCoreApplication.translate("RecordDialog", u"\u7248\u672c\u8bb0\u5f55", None))
        self.correctionLabel.setText(QCoreApplication.translate("RecordDialog", u"\u66f4\u6b63\u539f\u56e0(&C)", None))
        self.messageLabel.setText("")
    # retranslateUi

